#include "aiworld/SpoolJournal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <unordered_set>

namespace aiworld {

namespace {
bool writeAll(int fd, const std::string& data) {
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}
}  // namespace

SpoolJournal::SpoolJournal(std::string path, bool sync) : path_(std::move(path)), sync_(sync) {
  if (path_.empty()) throw std::invalid_argument("journal path must not be empty");
}

SpoolJournal::~SpoolJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void SpoolJournal::open() {
  if (fd_ >= 0) return;
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot open journal " + path_ + ": " + std::strerror(errno));
}

void SpoolJournal::append(const std::vector<GameEvent>& events) {
  if (events.empty()) return;
  std::string data;
  std::vector<std::pair<std::string, std::string>> lines;
  lines.reserve(events.size());
  for (const auto& e : events) {
    std::string line = toJson(e).dump();
    data += line;
    data += '\n';
    lines.emplace_back(e.event_id, std::move(line));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  open();
  if (!writeAll(fd_, data)) throw std::runtime_error("cannot write journal " + path_ + ": " + std::strerror(errno));
  if (sync_ && ::fdatasync(fd_) != 0) throw std::runtime_error("cannot sync journal " + path_ + ": " + std::strerror(errno));
  for (auto& [id, line] : lines) {
    order_.push_back(id);
    pending_[id] = std::move(line);
    ++fileLines_;
  }
}

void SpoolJournal::truncate() {
  if (fd_ >= 0 && ::ftruncate(fd_, 0) != 0) {
    std::fprintf(stderr, "[aiworld] warn: cannot truncate journal %s: %s\n", path_.c_str(), std::strerror(errno));
    return;
  }
  order_.clear();
  fileLines_ = 0;
}

void SpoolJournal::rewrite() {
  // Pending lines in their original order into a new file, then an atomic rename over the old one.
  const std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;  // keep the longer file: nothing is lost, only space
  std::string data;
  std::deque<std::string> order;
  std::unordered_set<std::string> written;
  for (const auto& id : order_) {
    auto it = pending_.find(id);
    if (it == pending_.end() || !written.insert(id).second) continue;
    data += it->second;
    data += '\n';
    order.push_back(id);
  }
  bool ok = writeAll(fd, data) && (!sync_ || ::fdatasync(fd) == 0);
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path_.c_str()) != 0) {
    std::remove(tmp.c_str());
    return;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  order_.swap(order);
  fileLines_ = order_.size();
}

void SpoolJournal::acknowledge(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& id : ids) pending_.erase(id);
  if (pending_.empty()) {
    truncate();
  } else if (fileLines_ > 2 * pending_.size() + 1000) {
    rewrite();
  }
}

std::vector<GameEvent> SpoolJournal::recover() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<GameEvent> events;
  std::unordered_set<std::string> seen;
  std::ifstream in(path_);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    try {
      GameEvent e = eventFromJson(nlohmann::json::parse(line));
      if (e.event_id.empty() || seen.insert(e.event_id).second) events.push_back(std::move(e));
    } catch (const std::exception&) {
      // a line torn by the crash itself: that event's emit was never acknowledged on disk
    }
  }
  return events;
}

void SpoolJournal::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.clear();
  open();
  truncate();
}

std::size_t SpoolJournal::pending() {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_.size();
}

std::size_t SpoolJournal::fileLines() {
  std::lock_guard<std::mutex> lock(mutex_);
  return fileLines_;
}

}  // namespace aiworld
