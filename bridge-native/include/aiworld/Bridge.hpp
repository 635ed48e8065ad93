// The bridge as the game sees it: enqueue events, drain ready actions, report outcomes. Never blocks.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "aiworld/Action.hpp"
#include "aiworld/Capabilities.hpp"
#include "aiworld/Config.hpp"
#include "aiworld/GameEvent.hpp"

namespace aiworld {

struct BridgeState;
class EventSender;
class ActionReceiver;
class Spooler;

struct BridgeStats {
  std::uint64_t emitted, delivered, deadLettered, replayed, rejected, evicted, sendAttempts, sendFailures;
  std::uint64_t actionsReceived, actionsDuplicate, actionsInvalid, completionsSent, polls, streamConnects;
  std::uint64_t spooled, capabilitiesSent;
  /** Time from emit to the journal write, microseconds: the longest seen and the latest. */
  std::uint64_t spoolLagMaxUs, spoolLagLastUs;
  std::size_t buffered, readyActions, pendingCompletions, deadLetterFileEvents, journalPending;
  bool streamConnected;
  const char* breaker;
};

/**
 * Three threads do all network and file work: the spooler (every emitted event into the journal file within
 * milliseconds), the sender (batches, retries, breaker, dead-letter file, completions, capabilities) and the
 * receiver (action stream, polling fallback). The game thread's calls only touch in-memory queues under a
 * short lock. At start, events a crashed run left in the journal move to the dead-letter file and are replayed.
 *
 * @example
 *   aiworld::Bridge bridge(config);
 *   bridge.start();
 *   GameEvent login; login.event_type = "player_login"; login.player_id = 150001; bridge.emit(login);
 *   for (auto& a : bridge.takeActions(20)) bridge.complete(a.action_id, run(a), "done");
 *   bridge.stop();  // whatever could not be sent is in the dead-letter file
 */
class Bridge {
 public:
  explicit Bridge(const Config& config);
  ~Bridge();
  Bridge(const Bridge&) = delete;
  Bridge& operator=(const Bridge&) = delete;

  void start();
  /** Stops both threads and writes every event not yet delivered to the dead-letter file. Idempotent. */
  void stop();

  /** Fills event_id and timestamp when empty. Returns the event_id. */
  std::string emit(GameEvent event);
  /** Actions received and not yet handed out, in arrival order; each action id appears at most once ever. */
  std::vector<Action> takeActions(std::size_t max);
  /** Report what running an action did; sent to Midgard with retries, and remembered so it never runs again. */
  void complete(const std::string& actionId, bool ok, const std::string& message);
  /** Ask the sender to replay the dead-letter file now (it also does so by itself when Midgard is back). */
  void replayDeadLetters();
  /** Tell Midgard what this server can run (PUT /api/v1/bridge/capabilities, retried until Midgard answers). */
  void announce(const Capabilities& caps);

  BridgeStats stats();
  const Config& config() const;

 private:
  void recoverJournal();

  std::unique_ptr<BridgeState> state_;
  std::unique_ptr<EventSender> sender_;
  std::unique_ptr<ActionReceiver> receiver_;
  std::unique_ptr<Spooler> spooler_;
  std::thread senderThread_, receiverThread_, spoolerThread_;
  std::string idPrefix_;
  std::atomic<std::uint64_t> nextId_{0};
  bool started_ = false;
  bool stopped_ = false;
};

/** Epoch milliseconds from the system clock. */
std::int64_t nowEpochMs();

}  // namespace aiworld
