// Where events go when Midgard cannot take them: one JSON event per line, replayed when Midgard is back.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "aiworld/GameEvent.hpp"

namespace aiworld {

/** What one attempt to deliver a batch came to. */
enum class SendOutcome {
  delivered,  // 2xx
  rejected,   // the gateway refused the content (400/413/422): retrying cannot help
  failed,     // down, timeout, 5xx, 401/403/429: worth retrying later
};

struct ReplayReport {
  std::size_t delivered = 0;
  std::size_t rejected = 0;
  std::size_t remaining = 0;
  std::size_t corruptLines = 0;
};

/**
 * An append-only JSON-lines file, synced to disk on every append so an acknowledged event survives a crash.
 * `replay` holds the file's lock for the whole pass, so an append from another thread can never be lost to
 * the rewrite of what is left.
 *
 * @example
 *   DeadLetterFile dlq("log/aiworld_deadletter.jsonl");
 *   dlq.append(failedBatch);
 *   auto report = dlq.replay(50, [&](const std::vector<GameEvent>& b) { return sender.sendOnce(b); });
 */
class DeadLetterFile {
 public:
  explicit DeadLetterFile(std::string path);

  /** Throws std::runtime_error when the file cannot be written (the caller must then keep the events). */
  void append(const std::vector<GameEvent>& events);
  std::size_t count();
  std::vector<GameEvent> readAll();

  /**
   * Sends the file's events in batches of `batchSize`, oldest first, stopping at the first failed batch.
   * Delivered events leave the file; rejected ones move to `<path>.rejected`; unparseable lines move to
   * `<path>.bad`; the rest stay, in order.
   */
  ReplayReport replay(std::size_t batchSize, const std::function<SendOutcome(const std::vector<GameEvent>&)>& send);

  const std::string& path() const { return path_; }

 private:
  void appendLines(const std::string& path, const std::vector<std::string>& lines);
  std::vector<std::string> readLines();

  std::mutex mutex_;
  std::string path_;
};

}  // namespace aiworld
