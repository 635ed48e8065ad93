// Every emitted event on disk within milliseconds: the file the spool thread appends to before anything is sent.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "aiworld/GameEvent.hpp"

namespace aiworld {

/**
 * An append-only JSON-lines file of the events taken from the game but not yet settled (delivered,
 * rejected or moved to the dead-letter file). `append` is one write(2) — after it returns the events survive
 * a crash of the map-server — plus fdatasync when `sync` is on, so they survive a power loss too.
 * `acknowledge` forgets settled events: the file is truncated once nothing is pending, and rewritten
 * when settled lines outnumber pending ones, so it stays small. After a crash, `recover` reads what is left.
 *
 * @example
 *   SpoolJournal journal("log/aiworld_journal.jsonl", true);
 *   auto left = journal.recover();   // a crashed run's events: dead-letter them, then journal.clear()
 *   journal.append(events);          // spool thread
 *   journal.acknowledge(ids);        // sender thread, after a 2xx
 */
class SpoolJournal {
 public:
  SpoolJournal(std::string path, bool sync);
  ~SpoolJournal();
  SpoolJournal(const SpoolJournal&) = delete;
  SpoolJournal& operator=(const SpoolJournal&) = delete;

  /** Throws std::runtime_error when the file cannot be written (the caller keeps the events in memory). */
  void append(const std::vector<GameEvent>& events);
  void acknowledge(const std::vector<std::string>& eventIds);
  /** Events in the file (a previous run's, at start); unreadable lines are skipped. */
  std::vector<GameEvent> recover();
  /** Empty the file and forget everything (after the caller secured what recover returned). */
  void clear();
  /** Events appended and not yet acknowledged. */
  std::size_t pending();
  /** Lines in the file right now (pending plus settled lines not yet compacted away). */
  std::size_t fileLines();
  const std::string& path() const { return path_; }

 private:
  void open();
  void truncate();
  void rewrite();

  std::mutex mutex_;
  std::string path_;
  bool sync_;
  int fd_ = -1;
  std::unordered_map<std::string, std::string> pending_;  // event_id → its line
  std::deque<std::string> order_;                          // event ids in file order (settled ones included)
  std::size_t fileLines_ = 0;
};

}  // namespace aiworld
