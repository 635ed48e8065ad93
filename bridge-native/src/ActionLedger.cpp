#include "aiworld/ActionLedger.hpp"

#include <cstdio>
#include <fstream>

namespace aiworld {

ActionLedger::ActionLedger(std::string path, std::size_t memoryLimit)
    : path_(std::move(path)), memoryLimit_(memoryLimit ? memoryLimit : 1) {
  load();
}

void ActionLedger::load() {
  if (path_.empty()) return;
  std::ifstream in(path_);
  std::string line;
  std::size_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    try {
      auto j = nlohmann::json::parse(line);
      ActionOutcome o{j.at("action_id").get<std::string>(), j.at("status").get<std::string>() == "completed",
                      j.value("message", ""), j.value("timestamp", std::int64_t{0})};
      if (!entries_.count(o.action_id)) remember(o.action_id);
      entries_[o.action_id] = o;
    } catch (const std::exception&) {
      // a torn last line after a crash: that action's outcome was not recorded, nothing else to do
    }
  }
  in.close();
  // The file only grows; once it holds twice what memory keeps, rewrite it with just the remembered ids.
  if (lines > 2 * memoryLimit_) compact();
}

void ActionLedger::compact() {
  const std::string tmp = path_ + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return;
  for (const auto& id : order_) {
    auto it = entries_.find(id);
    if (it == entries_.end() || !it->second) continue;
    std::string line = toJson(*it->second).dump() + "\n";
    std::fwrite(line.data(), 1, line.size(), f);
  }
  bool ok = std::fflush(f) == 0;
  std::fclose(f);
  if (ok) std::rename(tmp.c_str(), path_.c_str());
}

void ActionLedger::remember(const std::string& id) {
  order_.push_back(id);
  while (order_.size() > memoryLimit_) {
    auto it = entries_.find(order_.front());
    if (it != entries_.end() && !it->second) break;  // never forget an action that is still running
    if (it != entries_.end()) entries_.erase(it);
    order_.pop_front();
  }
}

ActionLedger::Offer ActionLedger::offer(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) {
    entries_.emplace(id, std::nullopt);
    remember(id);
    return Offer::fresh;
  }
  return it->second ? Offer::done : Offer::in_flight;
}

void ActionLedger::finish(const ActionOutcome& o) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!entries_.count(o.action_id)) remember(o.action_id);
  entries_[o.action_id] = o;
}

void ActionLedger::persist(const ActionOutcome& o) {
  if (path_.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  FILE* f = std::fopen(path_.c_str(), "ab");
  if (!f) {
    // The in-memory record still prevents a second run in this process; only a restart could repeat it.
    if (!warned_) std::fprintf(stderr, "[aiworld] cannot write action ledger %s\n", path_.c_str());
    warned_ = true;
    return;
  }
  std::string line = toJson(o).dump() + "\n";
  std::fwrite(line.data(), 1, line.size(), f);
  std::fclose(f);
}

std::optional<ActionOutcome> ActionLedger::outcome(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

std::size_t ActionLedger::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace aiworld
