#include "aiworld/DeadLetterFile.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace aiworld {

DeadLetterFile::DeadLetterFile(std::string path) : path_(std::move(path)) {
  if (path_.empty()) throw std::invalid_argument("dead-letter path must not be empty");
}

void DeadLetterFile::appendLines(const std::string& path, const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  FILE* f = std::fopen(path.c_str(), "ab");
  if (!f) throw std::runtime_error("cannot open dead-letter file " + path);
  bool ok = true;
  for (const auto& line : lines) {
    ok = ok && std::fwrite(line.data(), 1, line.size(), f) == line.size() && std::fputc('\n', f) != EOF;
  }
  ok = ok && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  std::fclose(f);
  if (!ok) throw std::runtime_error("cannot write dead-letter file " + path);
}

void DeadLetterFile::append(const std::vector<GameEvent>& events) {
  std::vector<std::string> lines;
  lines.reserve(events.size());
  for (const auto& e : events) lines.push_back(toJson(e).dump());
  std::lock_guard<std::mutex> lock(mutex_);
  appendLines(path_, lines);
}

std::vector<std::string> DeadLetterFile::readLines() {
  std::vector<std::string> lines;
  std::ifstream in(path_);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::size_t DeadLetterFile::count() {
  std::lock_guard<std::mutex> lock(mutex_);
  return readLines().size();
}

std::vector<GameEvent> DeadLetterFile::readAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<GameEvent> events;
  for (const auto& line : readLines()) {
    try {
      events.push_back(eventFromJson(nlohmann::json::parse(line)));
    } catch (const std::exception&) {
      // corrupt lines are reported by replay(); readAll is a view
    }
  }
  return events;
}

ReplayReport DeadLetterFile::replay(std::size_t batchSize,
                                    const std::function<SendOutcome(const std::vector<GameEvent>&)>& send) {
  std::lock_guard<std::mutex> lock(mutex_);
  ReplayReport report;
  std::vector<std::string> lines = readLines();
  if (lines.empty()) return report;

  std::vector<GameEvent> events;
  std::vector<std::string> eventLines, badLines;
  for (auto& line : lines) {
    try {
      events.push_back(eventFromJson(nlohmann::json::parse(line)));
      eventLines.push_back(line);
    } catch (const std::exception&) {
      badLines.push_back(line);
    }
  }
  report.corruptLines = badLines.size();

  std::size_t next = 0;
  std::vector<std::string> rejectedLines;
  while (next < events.size()) {
    std::size_t end = std::min(events.size(), next + (batchSize ? batchSize : 1));
    std::vector<GameEvent> batch(events.begin() + next, events.begin() + end);
    SendOutcome outcome = send(batch);
    if (outcome == SendOutcome::failed) break;
    if (outcome == SendOutcome::delivered) report.delivered += batch.size();
    if (outcome == SendOutcome::rejected) {
      report.rejected += batch.size();
      rejectedLines.insert(rejectedLines.end(), eventLines.begin() + next, eventLines.begin() + end);
    }
    next = end;
  }
  // Side files first: if we crash after this but before the rename, an event is at worst in two files
  // (the gateway dedupes by event_id), never in none.
  appendLines(path_ + ".rejected", rejectedLines);
  appendLines(path_ + ".bad", badLines);

  std::vector<std::string> remaining(eventLines.begin() + next, eventLines.end());
  report.remaining = remaining.size();
  const std::string tmp = path_ + ".tmp";
  std::remove(tmp.c_str());
  appendLines(tmp, remaining);
  if (remaining.empty()) {
    std::remove(path_.c_str());
  } else if (std::rename(tmp.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error("cannot replace dead-letter file " + path_);
  }
  return report;
}

}  // namespace aiworld
