#include "aiworld/Spooler.hpp"

#include <chrono>
#include <iterator>

#include "aiworld/Log.hpp"

namespace aiworld {

using Clock = std::chrono::steady_clock;

std::size_t Spooler::spoolOnce() {
  std::vector<GameEvent> events;
  std::optional<Clock::time_point> oldest;
  {
    std::lock_guard<std::mutex> lock(s_.mutex);
    oldest = s_.buffer.oldestEnqueuedAt();
    events = s_.buffer.takeAll();
    events.insert(events.end(), std::make_move_iterator(s_.overflow.begin()), std::make_move_iterator(s_.overflow.end()));
    s_.overflow.clear();
  }
  if (events.empty()) return 0;
  try {
    s_.journal.append(events);
    if (oldest) {
      auto lag = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - *oldest).count());
      s_.counters.spoolLagLastUs = lag;
      if (lag > s_.counters.spoolLagMaxUs) s_.counters.spoolLagMaxUs = lag;
    }
    warned_ = false;
  } catch (const std::exception& e) {
    // Not on disk, but not lost either: they go on in memory, and stop() dead-letters whatever is unsent.
    if (!warned_) logLine(LogLevel::error, std::string(e.what()) + "; events stay in memory only");
    warned_ = true;
  }
  s_.counters.spooled += events.size();
  const auto now = Clock::now();
  bool wakeSender;
  {
    std::lock_guard<std::mutex> lock(s_.mutex);
    for (auto& e : events) s_.spooled.push(std::move(e), now);
    // The sender needs waking only for what it acts on at once; otherwise its flush deadline comes by itself.
    wakeSender = s_.spooled.hasUrgent() || s_.spooled.size() >= s_.config.batch_size || s_.spooled.size() == events.size();
  }
  if (wakeSender) s_.wake.notify_all();
  return events.size();
}

void Spooler::run() {
  while (true) {
    bool stopping;
    {
      std::unique_lock<std::mutex> lock(s_.mutex);
      s_.spoolWake.wait(lock, [&] { return s_.stopping || s_.buffer.size() > 0 || !s_.overflow.empty(); });
      stopping = s_.stopping;
    }
    spoolOnce();
    if (stopping) break;
  }
  spoolOnce();  // whatever came in while the last write ran
  {
    std::lock_guard<std::mutex> lock(s_.mutex);
    s_.spoolerDone = true;
  }
  s_.wake.notify_all();
}

}  // namespace aiworld
