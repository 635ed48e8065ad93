#include "aiworld/EventSender.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <cstdio>

#include "aiworld/Log.hpp"

namespace aiworld {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {
std::vector<std::string> idsOf(const std::vector<GameEvent>& events) {
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const auto& e : events) ids.push_back(e.event_id);
  return ids;
}

// How often to probe a down Midgard with the dead-letter file when no new traffic would tell us it is back.
milliseconds replayProbeEvery(const Config& c) { return std::max(c.flush_interval, milliseconds(1000)); }
}  // namespace

bool waitOrStop(BridgeState& state, milliseconds d) {
  std::unique_lock<std::mutex> lock(state.mutex);
  state.wake.wait_for(lock, d, [&] { return state.stopping; });
  return !state.stopping;
}

EventSender::EventSender(BridgeState& state) : s_(state), http_(state.config) {
  deadLettersPending_ = s_.deadLetters.count() > 0;  // left over from a previous run: replay when Midgard answers
}

void EventSender::deadLetter(const std::vector<GameEvent>& events) {
  if (events.empty()) return;
  try {
    s_.deadLetters.append(events);
    s_.journal.acknowledge(idsOf(events));
    s_.counters.deadLettered += events.size();
    // Wait a probe interval before replaying: right after a failure Midgard is most likely still down.
    if (!deadLettersPending_) nextReplayProbe_ = Clock::now() + replayProbeEvery(s_.config);
    deadLettersPending_ = true;
  } catch (const std::exception& e) {
    // The disk refused: keep them in memory rather than lose them; the spool thread hands them back.
    logLine(LogLevel::error, std::string(e.what()) + "; keeping " + std::to_string(events.size()) + " events in memory");
    std::lock_guard<std::mutex> lock(s_.mutex);
    s_.overflow.insert(s_.overflow.end(), events.begin(), events.end());
  }
  s_.spoolWake.notify_all();
}

bool EventSender::pause(milliseconds d) { return waitOrStop(s_, d); }

SendOutcome EventSender::sendOnce(const std::vector<GameEvent>& batch) {
  if (!s_.breaker.allowRequest()) return SendOutcome::failed;
  ++s_.counters.sendAttempts;
  SendOutcome outcome = http_.postEvents(batch);
  if (outcome == SendOutcome::failed) {
    ++s_.counters.sendFailures;
    s_.breaker.recordFailure();
  } else {
    s_.breaker.recordSuccess();  // a 400 still proves Midgard is up
  }
  return outcome;
}

void EventSender::sendWithRetries(std::vector<GameEvent> batch) {
  const auto& delays = s_.config.retry_delays;
  for (std::size_t attempt = 0;; ++attempt) {
    SendOutcome outcome = sendOnce(batch);
    if (outcome == SendOutcome::delivered) {
      s_.journal.acknowledge(idsOf(batch));
      s_.counters.delivered += batch.size();
      if (deadLettersPending_) replayDeadLetters();  // Midgard is back: bring the rest home
      return;
    }
    if (outcome == SendOutcome::rejected) {
      logLine(LogLevel::warn, "gateway rejected a batch of " + std::to_string(batch.size()) + " events; kept in " +
                                  s_.rejectedLetters.path());
      try {
        s_.rejectedLetters.append(batch);
        s_.journal.acknowledge(idsOf(batch));
        s_.counters.rejected += batch.size();
      } catch (const std::exception&) {
        deadLetter(batch);
      }
      return;
    }
    // No point waiting out the delays while the breaker is open: the events are safer on disk.
    if (attempt >= delays.size() || s_.breaker.state() == CircuitBreaker::State::open) break;
    if (!pause(delays[attempt])) break;
  }
  deadLetter(batch);
}

void EventSender::replayDeadLetters() {
  nextReplayProbe_ = Clock::now() + replayProbeEvery(s_.config);
  if (s_.breaker.state() == CircuitBreaker::State::open) return;
  try {
    ReplayReport r = s_.deadLetters.replay(s_.config.batch_size, [&](const std::vector<GameEvent>& b) {
      SendOutcome o = sendOnce(b);
      if (o == SendOutcome::delivered) s_.counters.delivered += b.size();
      if (o == SendOutcome::rejected) s_.counters.rejected += b.size();
      return o;
    });
    s_.counters.replayed += r.delivered;
    deadLettersPending_ = r.remaining > 0;
    if (r.delivered) logLine(s_.config.success_log_level, "replayed " + std::to_string(r.delivered) + " dead-lettered events");
    if (r.corruptLines) logLine(LogLevel::warn, std::to_string(r.corruptLines) + " unreadable dead-letter lines moved aside");
  } catch (const std::exception& e) {
    logLine(LogLevel::error, std::string("dead-letter replay: ") + e.what());
  }
}

void EventSender::sendCapabilities() {
  std::optional<nlohmann::json> body;
  {
    std::lock_guard<std::mutex> lock(s_.mutex);
    if (!s_.capabilities || Clock::now() < nextCapabilitiesAttempt_) return;
    body = s_.capabilities;
  }
  if (!s_.breaker.allowRequest()) {
    nextCapabilitiesAttempt_ = Clock::now() + std::max(s_.breaker.retryIn(), milliseconds(50));
    return;
  }
  int status = http_.putJson("/api/v1/bridge/capabilities", body->dump());
  SendOutcome outcome = classifyStatus(status);
  if (outcome == SendOutcome::failed && status != 404 && status != 405) {
    s_.breaker.recordFailure();
    nextCapabilitiesAttempt_ = Clock::now() + (s_.config.retry_delays.empty() ? milliseconds(1000) : s_.config.retry_delays[0]);
    return;
  }
  s_.breaker.recordSuccess();
  if (outcome == SendOutcome::delivered) {
    ++s_.counters.capabilitiesSent;
    logLine(s_.config.success_log_level, "capabilities accepted by Midgard (" + std::to_string((*body)["maps"].size()) + " maps, " +
                                             std::to_string((*body)["templates"].size()) + " templates)");
  } else if (status == 404 || status == 405) {
    // An older Midgard without the route: it applies its default capability set. Say so once, then go on.
    if (!capabilitiesRouteMissingLogged_) logLine(LogLevel::warn, "Midgard has no capabilities route (HTTP " + std::to_string(status) + "); going on without the handshake");
    capabilitiesRouteMissingLogged_ = true;
  } else {
    logLine(LogLevel::warn, "Midgard refused the capabilities (HTTP " + std::to_string(status) + ")");
  }
  std::lock_guard<std::mutex> lock(s_.mutex);
  if (s_.capabilities == body) s_.capabilities.reset();  // a newer one that came meanwhile stays
}

void EventSender::persistOutcomes() {
  std::vector<ActionOutcome> outcomes;
  {
    std::lock_guard<std::mutex> lock(s_.mutex);
    outcomes.swap(s_.unpersisted);
  }
  for (const auto& o : outcomes) s_.ledger.persist(o);
}

void EventSender::sendCompletions() {
  if (Clock::now() < nextCompletionAttempt_) return;
  while (true) {
    ActionOutcome next;
    {
      std::lock_guard<std::mutex> lock(s_.mutex);
      if (s_.completions.empty()) return;
      next = s_.completions.front();
    }
    if (!s_.breaker.allowRequest()) {
      // Come back when the breaker may let a trial through, not on every wake-up.
      nextCompletionAttempt_ = Clock::now() + std::max(s_.breaker.retryIn(), milliseconds(50));
      return;
    }
    SendOutcome o = http_.postCompletion(next);
    if (o == SendOutcome::failed) {
      s_.breaker.recordFailure();
      nextCompletionAttempt_ = Clock::now() + (s_.config.retry_delays.empty() ? milliseconds(1000) : s_.config.retry_delays[0]);
      return;
    }
    s_.breaker.recordSuccess();
    if (o == SendOutcome::delivered) ++s_.counters.completionsSent;
    std::lock_guard<std::mutex> lock(s_.mutex);
    s_.completions.pop_front();
  }
}

void EventSender::run() {
  const auto& c = s_.config;
  while (true) {
    bool flush = false, replay = false, stopping = false;
    {
      std::unique_lock<std::mutex> lock(s_.mutex);
      auto deadline = Clock::now() + c.flush_interval;
      if (auto oldest = s_.spooled.oldestEnqueuedAt()) deadline = std::min(deadline, *oldest + c.flush_interval);
      if (deadLettersPending_) deadline = std::min(deadline, nextReplayProbe_);
      if (s_.capabilities) deadline = std::min(deadline, std::max(nextCapabilitiesAttempt_, Clock::now()));
      s_.wake.wait_until(lock, deadline, [&] {
        return s_.stopping || s_.replayRequested || s_.spooled.hasUrgent() || s_.spooled.size() >= c.batch_size ||
               !s_.unpersisted.empty() || (!s_.completions.empty() && Clock::now() >= nextCompletionAttempt_) ||
               (s_.capabilities && Clock::now() >= nextCapabilitiesAttempt_);
      });
      stopping = s_.stopping;
      replay = s_.replayRequested;
      s_.replayRequested = false;
      flush = s_.spooled.hasUrgent() ||
              shouldFlush(s_.spooled.size(), s_.spooled.oldestEnqueuedAt(), Clock::now(), c.batch_size, c.flush_interval);
    }
    if (stopping) break;
    persistOutcomes();
    sendCapabilities();
    sendCompletions();
    if (replay || (deadLettersPending_ && Clock::now() >= nextReplayProbe_)) replayDeadLetters();
    while (flush) {
      std::vector<GameEvent> batch;
      {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.stopping) break;
        batch = s_.spooled.take(c.batch_size);
        // Keep draining while full batches are waiting, so a burst does not wait a flush interval per batch.
        flush = s_.spooled.size() >= c.batch_size;
      }
      if (batch.empty()) break;
      sendWithRetries(std::move(batch));
    }
  }
  // Shutdown: nothing acknowledged to the game may be lost, so whatever is still in memory goes to disk,
  // once the spool thread has handed over its last events.
  std::vector<GameEvent> rest;
  {
    std::unique_lock<std::mutex> lock(s_.mutex);
    s_.wake.wait(lock, [&] { return s_.spoolerDone; });
    rest = s_.spooled.takeAll();
    for (auto& e : s_.buffer.takeAll()) rest.push_back(std::move(e));
    rest.insert(rest.end(), s_.overflow.begin(), s_.overflow.end());
    s_.overflow.clear();
  }
  try {
    s_.deadLetters.append(rest);
    s_.journal.acknowledge(idsOf(rest));
    s_.counters.deadLettered += rest.size();
  } catch (const std::exception& e) {
    // they are still in the journal, which the next start moves to the dead-letter file
    logLine(LogLevel::error, std::string(e.what()) + "; " + std::to_string(rest.size()) + " events stay in " + s_.journal.path());
  }
  persistOutcomes();
}

}  // namespace aiworld
