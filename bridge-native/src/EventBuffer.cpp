#include "aiworld/EventBuffer.hpp"

#include <stdexcept>

namespace aiworld {

EventBuffer::EventBuffer(std::size_t capacity) : capacity_(capacity) {
  if (capacity == 0) throw std::invalid_argument("event buffer capacity must be > 0");
}

std::optional<GameEvent> EventBuffer::push(GameEvent event, TimePoint enqueuedAt) {
  const int incoming = static_cast<int>(event.priority);
  if (size_ < capacity_) {
    queues_[incoming].push_back({std::move(event), enqueuedAt});
    ++size_;
    return std::nullopt;
  }
  // Full: find the lowest priority holding anything. If the newcomer is less important than all of it,
  // the newcomer itself is the one that leaves.
  int lowest = 0;
  while (lowest < kPriorityCount && queues_[lowest].empty()) ++lowest;
  if (incoming < lowest) return event;
  GameEvent evicted = std::move(queues_[lowest].front().event);
  queues_[lowest].pop_front();
  queues_[incoming].push_back({std::move(event), enqueuedAt});
  return evicted;
}

std::vector<GameEvent> EventBuffer::take(std::size_t max) {
  std::vector<GameEvent> out;
  out.reserve(std::min(max, size_));
  for (int p = kPriorityCount - 1; p >= 0 && out.size() < max; --p) {
    auto& q = queues_[p];
    while (!q.empty() && out.size() < max) {
      out.push_back(std::move(q.front().event));
      q.pop_front();
    }
  }
  size_ -= out.size();
  return out;
}

std::vector<GameEvent> EventBuffer::takeAll() { return take(size_); }

std::optional<EventBuffer::TimePoint> EventBuffer::oldestEnqueuedAt() const {
  std::optional<TimePoint> oldest;
  for (const auto& q : queues_) {
    if (!q.empty() && (!oldest || q.front().enqueuedAt < *oldest)) oldest = q.front().enqueuedAt;
  }
  return oldest;
}

}  // namespace aiworld
