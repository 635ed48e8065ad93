// The sender thread: batches journaled events, retries, trips the breaker, dead-letters, replays, reports
// completions and the capabilities handshake.
#pragma once

#include <chrono>
#include <vector>

#include "aiworld/BridgeState.hpp"
#include "aiworld/HttpChannel.hpp"

namespace aiworld {

/**
 * One loop, woken by the game thread (a full batch, an urgent event, an eviction, a completion) or by the
 * flush interval. Delivery is at-least-once: a batch whose answer was lost is sent again with the same
 * event_ids, and Midgard's journal drops the duplicates.
 *
 * @example
 *   EventSender sender(state);
 *   std::thread t([&] { sender.run(); });
 */
class EventSender {
 public:
  explicit EventSender(BridgeState& state);
  void run();
  /** Interrupt a blocking request (called by Bridge::stop from the game thread). */
  void interrupt() { http_.stop(); }

 private:
  void persistOutcomes();
  void sendCapabilities();
  void sendCompletions();
  void sendWithRetries(std::vector<GameEvent> batch);
  SendOutcome sendOnce(const std::vector<GameEvent>& batch);
  void replayDeadLetters();
  void deadLetter(const std::vector<GameEvent>& events);
  /** Sleeps up to `d`; false when stopping. */
  bool pause(std::chrono::milliseconds d);

  BridgeState& s_;
  HttpChannel http_;
  bool deadLettersPending_ = false;
  std::chrono::steady_clock::time_point nextReplayProbe_{};
  std::chrono::steady_clock::time_point nextCompletionAttempt_{};
  std::chrono::steady_clock::time_point nextCapabilitiesAttempt_{};
  bool capabilitiesRouteMissingLogged_ = false;
};

}  // namespace aiworld
