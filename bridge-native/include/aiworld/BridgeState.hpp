// What the game thread and the two I/O threads share. Internal to the core: the game sees only Bridge.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "aiworld/Action.hpp"
#include "aiworld/ActionLedger.hpp"
#include "aiworld/CircuitBreaker.hpp"
#include "aiworld/Config.hpp"
#include "aiworld/DeadLetterFile.hpp"
#include "aiworld/EventBuffer.hpp"
#include "aiworld/SpoolJournal.hpp"

namespace aiworld {

/** Counters for `stats()`; atomics so reading them never takes the game thread's lock. */
struct Counters {
  std::atomic<std::uint64_t> emitted{0}, delivered{0}, deadLettered{0}, replayed{0}, rejected{0}, evicted{0},
      sendAttempts{0}, sendFailures{0}, actionsReceived{0}, actionsDuplicate{0}, actionsInvalid{0},
      completionsSent{0}, polls{0}, streamConnects{0}, spooled{0}, capabilitiesSent{0};
  /** Longest and latest time from aiworld_emit to the event's journal write, in microseconds. */
  std::atomic<std::uint64_t> spoolLagMaxUs{0}, spoolLagLastUs{0};
  std::atomic<bool> streamConnected{false};
};

/**
 * The lock `mutex` guards buffer, overflow, spooled, completions, ready and capabilities; nobody holds it across
 * I/O, so the game thread waits at most for another thread's queue operation.
 *
 * An event's way: emit → buffer → (spool thread: journal file, within milliseconds) → spooled → (sender thread:
 * batches, retries) → Midgard, or the dead-letter file; the journal forgets it once it is settled.
 */
struct BridgeState {
  explicit BridgeState(const Config& c)
      : config(c),
        buffer(c.buffer_capacity),
        deadLetters(c.dead_letter_file),
        rejectedLetters(c.dead_letter_file + ".rejected"),
        ledger(c.ledger_file),
        journal(c.journal_file, c.journal_fsync),
        breaker(c.breaker_failures, c.breaker_probe, c.breaker_open),
        spooled(std::numeric_limits<std::size_t>::max()) {}

  const Config config;
  std::mutex mutex;
  /** Wakes the sender and the receiver. */
  std::condition_variable wake;
  /** Wakes the spool thread: the buffer went from empty to not, or stop. */
  std::condition_variable spoolWake;
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
  /** The spool thread has written its last events and left: the sender may now settle everything at stop. */
  bool spoolerDone = false;
  /** A capabilities body waiting to be PUT (the newest replaces an unsent older one). */
  std::optional<nlohmann::json> capabilities;

  DeadLetterFile deadLetters;
  DeadLetterFile rejectedLetters;
  ActionLedger ledger;
  SpoolJournal journal;
  CircuitBreaker breaker;
  /** Journaled events waiting for the sender, in send order (urgent first). Never evicts. */
  EventBuffer spooled;
  Counters counters;
};

/** Waits on `state.wake` for up to `d` or until stopping; returns false when stopping. */
bool waitOrStop(BridgeState& state, std::chrono::milliseconds d);

}  // namespace aiworld
