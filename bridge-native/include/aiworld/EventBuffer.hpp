// The bounded buffer between the game thread and the sender thread.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "aiworld/GameEvent.hpp"

namespace aiworld {

/**
 * Holds at most `capacity` events, one FIFO per priority; `take` serves urgent first.
 * When full, the least important event goes out: the oldest of the lowest priority present (counting the
 * newcomer). The evicted event is returned so the caller can dead-letter it — nothing is dropped silently.
 * Not thread-safe: the Bridge guards it with its own mutex so the game thread holds a lock only for a push.
 *
 * @example
 *   EventBuffer buf(1000);
 *   if (auto evicted = buf.push(ev, now)) deadLetter.append({*evicted});
 *   auto batch = buf.take(50);  // urgent first, FIFO within a priority
 */
class EventBuffer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit EventBuffer(std::size_t capacity);

  std::optional<GameEvent> push(GameEvent event, TimePoint enqueuedAt);
  std::vector<GameEvent> take(std::size_t max);
  /** Everything, in send order (used at shutdown to dead-letter what could not be sent). */
  std::vector<GameEvent> takeAll();

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  bool hasUrgent() const { return !queues_[static_cast<int>(Priority::urgent)].empty(); }
  /** When the longest-waiting event arrived: the batcher flushes once it is older than the interval. */
  std::optional<TimePoint> oldestEnqueuedAt() const;

 private:
  struct Entry {
    GameEvent event;
    TimePoint enqueuedAt;
  };
  std::array<std::deque<Entry>, kPriorityCount> queues_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

/** The batching rule: a full batch, or anything that has waited a whole interval. */
inline bool shouldFlush(std::size_t buffered, std::optional<std::chrono::steady_clock::time_point> oldest,
                        std::chrono::steady_clock::time_point now, std::size_t batchSize,
                        std::chrono::milliseconds interval) {
  if (buffered == 0) return false;
  if (buffered >= batchSize) return true;
  return oldest && now - *oldest >= interval;
}

}  // namespace aiworld
