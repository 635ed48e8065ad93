#include "aiworld/Bridge.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "aiworld/ActionReceiver.hpp"
#include "aiworld/BridgeState.hpp"
#include "aiworld/EventSender.hpp"
#include "aiworld/Log.hpp"
#include "aiworld/Spooler.hpp"

namespace aiworld {

std::int64_t nowEpochMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {
// Unique per process start, so ids never repeat across map-server restarts even though the counter does.
std::string randomPrefix() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
                      static_cast<std::uint64_t>(nowEpochMs()));
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(gen()));
  return buf;
}
}  // namespace

Bridge::Bridge(const Config& config)
    : state_(std::make_unique<BridgeState>(config)),
      idPrefix_((config.server_id.empty() ? std::string("rathena") : config.server_id) + "-" + randomPrefix() + "-") {}

Bridge::~Bridge() { stop(); }

const Config& Bridge::config() const { return state_->config; }

namespace {
// rAthena trees do not always ship log/: without this the first dead-letter write would fail.
void ensureParentDirectory(const std::string& file) {
  if (file.empty()) return;
  auto parent = std::filesystem::path(file).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) logLine(LogLevel::error, "cannot create " + parent.string() + ": " + ec.message());
}
}  // namespace

void Bridge::start() {
  if (started_) return;
  started_ = true;
  ensureParentDirectory(state_->config.dead_letter_file);
  ensureParentDirectory(state_->config.ledger_file);
  ensureParentDirectory(state_->config.journal_file);
  setMinLogLevel(state_->config.log_level);
  recoverJournal();
  sender_ = std::make_unique<EventSender>(*state_);
  receiver_ = std::make_unique<ActionReceiver>(*state_);
  spooler_ = std::make_unique<Spooler>(*state_);
  spoolerThread_ = std::thread([this] { spooler_->run(); });
  senderThread_ = std::thread([this] { sender_->run(); });
  receiverThread_ = std::thread([this] { receiver_->run(); });
}

void Bridge::stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  state_->spoolWake.notify_all();
  receiver_->interrupt();  // a stream read would otherwise wait for the next heartbeat
  sender_->interrupt();    // so does a request to a Midgard that does not answer
  if (receiverThread_.joinable()) receiverThread_.join();
  if (spoolerThread_.joinable()) spoolerThread_.join();
  // The sender abandons its current request, then writes what is left to the dead-letter file.
  if (senderThread_.joinable()) senderThread_.join();
}

std::string Bridge::emit(GameEvent event) {
  if (event.event_id.empty()) event.event_id = idPrefix_ + std::to_string(++nextId_);
  if (event.timestamp == 0) event.timestamp = nowEpochMs();
  std::string id = event.event_id;
  bool wake;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    bool wasEmpty = state_->buffer.size() == 0 && state_->overflow.empty();
    if (auto evicted = state_->buffer.push(std::move(event), std::chrono::steady_clock::now())) {
      ++state_->counters.evicted;
      state_->overflow.push_back(std::move(*evicted));
    }
    // The spool thread takes everything each time it wakes: one wake-up per empty → non-empty is enough.
    wake = wasEmpty;
  }
  ++state_->counters.emitted;
  if (wake) state_->spoolWake.notify_one();
  return id;
}

std::vector<Action> Bridge::takeActions(std::size_t max) {
  std::vector<Action> out;
  std::lock_guard<std::mutex> lock(state_->mutex);
  while (!state_->ready.empty() && out.size() < max) {
    out.push_back(std::move(state_->ready.front()));
    state_->ready.pop_front();
  }
  return out;
}

void Bridge::complete(const std::string& actionId, bool ok, const std::string& message) {
  ActionOutcome outcome{actionId, ok, message, nowEpochMs()};
  state_->ledger.finish(outcome);
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->completions.push_back(outcome);
    state_->unpersisted.push_back(outcome);
  }
  state_->wake.notify_all();
}

void Bridge::replayDeadLetters() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->replayRequested = true;
  }
  state_->wake.notify_all();
}

void Bridge::announce(const Capabilities& caps) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->capabilities = toJson(caps);
  }
  state_->wake.notify_all();
}

void Bridge::recoverJournal() {
  // A crashed run's journal holds events it took from the game and had not settled; some may have reached
  // Midgard (the gateway dedupes them by event_id). Dead-letter file first, then empty the journal: a crash
  // in between leaves them in both, never in neither.
  try {
    auto left = state_->journal.recover();
    if (!left.empty()) {
      state_->deadLetters.append(left);
      logLine(LogLevel::warn, std::to_string(left.size()) + " events from an earlier run's journal moved to " + state_->deadLetters.path());
    }
    state_->journal.clear();
  } catch (const std::exception& e) {
    logLine(LogLevel::error, std::string("journal recovery: ") + e.what());
  }
}

BridgeStats Bridge::stats() {
  auto& c = state_->counters;
  BridgeStats s{};
  s.emitted = c.emitted;
  s.delivered = c.delivered;
  s.deadLettered = c.deadLettered;
  s.replayed = c.replayed;
  s.rejected = c.rejected;
  s.evicted = c.evicted;
  s.sendAttempts = c.sendAttempts;
  s.sendFailures = c.sendFailures;
  s.actionsReceived = c.actionsReceived;
  s.actionsDuplicate = c.actionsDuplicate;
  s.actionsInvalid = c.actionsInvalid;
  s.completionsSent = c.completionsSent;
  s.polls = c.polls;
  s.streamConnects = c.streamConnects;
  s.streamConnected = c.streamConnected;
  s.spooled = c.spooled;
  s.capabilitiesSent = c.capabilitiesSent;
  s.spoolLagMaxUs = c.spoolLagMaxUs;
  s.spoolLagLastUs = c.spoolLagLastUs;
  s.journalPending = state_->journal.pending();
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    s.buffered = state_->buffer.size() + state_->spooled.size();
    s.readyActions = state_->ready.size();
    s.pendingCompletions = state_->completions.size();
  }
  s.deadLetterFileEvents = state_->deadLetters.count();  // file read: for tools and tests, not the game loop
  s.breaker = breakerStateName(state_->breaker.state());
  return s;
}

}  // namespace aiworld
