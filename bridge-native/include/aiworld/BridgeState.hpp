// What the game thread and the two I/O threads share. Internal to the core: the game sees only Bridge.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "aiworld/Action.hpp"
#include "aiworld/ActionLedger.hpp"
#include "aiworld/CircuitBreaker.hpp"
#include "aiworld/Config.hpp"
#include "aiworld/DeadLetterFile.hpp"
#include "aiworld/EventBuffer.hpp"

namespace aiworld {

/** Counters for `stats()`; atomics so reading them never takes the game thread's lock. */
struct Counters {
  std::atomic<std::uint64_t> emitted{0}, delivered{0}, deadLettered{0}, replayed{0}, rejected{0}, evicted{0},
      sendAttempts{0}, sendFailures{0}, actionsReceived{0}, actionsDuplicate{0}, actionsInvalid{0},
      completionsSent{0}, polls{0}, streamConnects{0};
  std::atomic<bool> streamConnected{false};
};

/**
 * The lock `mutex` guards buffer, overflow, completions and ready; nobody holds it across I/O, so the game
 * thread waits at most for another thread's queue operation.
 */
struct BridgeState {
  explicit BridgeState(const Config& c)
      : config(c),
        buffer(c.buffer_capacity),
        deadLetters(c.dead_letter_file),
        rejectedLetters(c.dead_letter_file + ".rejected"),
        ledger(c.ledger_file),
        breaker(c.breaker_failures, c.breaker_open) {}

  const Config config;
  std::mutex mutex;
  std::condition_variable wake;
  EventBuffer buffer;
  /** Events the full buffer pushed out, waiting for the sender thread to write them to the dead-letter file. */
  /** A deque, not a vector: growing it never copies the backlog while the game thread holds the lock. */
  std::deque<GameEvent> overflow;
  std::deque<ActionOutcome> completions;
  /** Outcomes the ledger file has not recorded yet (the game thread must not write files). */
  std::vector<ActionOutcome> unpersisted;
  std::deque<Action> ready;
  bool stopping = false;
  bool replayRequested = false;

  DeadLetterFile deadLetters;
  DeadLetterFile rejectedLetters;
  ActionLedger ledger;
  CircuitBreaker breaker;
  Counters counters;
};

/** Waits on `state.wake` for up to `d` or until stopping; returns false when stopping. */
bool waitOrStop(BridgeState& state, std::chrono::milliseconds d);

}  // namespace aiworld
