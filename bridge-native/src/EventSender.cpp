#include "aiworld/EventSender.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <cstdio>

namespace aiworld {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {
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
    s_.counters.deadLettered += events.size();
    // Wait a probe interval before replaying: right after a failure Midgard is most likely still down.
    if (!deadLettersPending_) nextReplayProbe_ = Clock::now() + replayProbeEvery(s_.config);
    deadLettersPending_ = true;
  } catch (const std::exception& e) {
    // The disk refused: keep them in memory rather than lose them; the next spill tries again.
    std::fprintf(stderr, "[aiworld] %s; keeping %zu events in memory\n", e.what(), events.size());
    std::lock_guard<std::mutex> lock(s_.mutex);
    s_.overflow.insert(s_.overflow.end(), events.begin(), events.end());
  }
}

void EventSender::spillOverflow() {
  std::deque<GameEvent> evicted;
  {
    std::lock_guard<std::mutex> lock(s_.mutex);
    evicted.swap(s_.overflow);
  }
  deadLetter({std::make_move_iterator(evicted.begin()), std::make_move_iterator(evicted.end())});
}

bool EventSender::pause(milliseconds d) {
  auto until = Clock::now() + d;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(s_.mutex);
      s_.wake.wait_until(lock, until, [&] { return s_.stopping || !s_.overflow.empty(); });
      if (s_.stopping) return false;
    }
    spillOverflow();
    if (Clock::now() >= until) return true;
  }
}

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
      s_.counters.delivered += batch.size();
      if (deadLettersPending_) replayDeadLetters();  // Midgard is back: bring the rest home
      return;
    }
    if (outcome == SendOutcome::rejected) {
      std::fprintf(stderr, "[aiworld] gateway rejected a batch of %zu events; kept in %s\n", batch.size(),
                   s_.rejectedLetters.path().c_str());
      try {
        s_.rejectedLetters.append(batch);
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
    if (r.corruptLines) std::fprintf(stderr, "[aiworld] %zu unreadable dead-letter lines moved aside\n", r.corruptLines);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[aiworld] dead-letter replay: %s\n", e.what());
  }
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
      if (auto oldest = s_.buffer.oldestEnqueuedAt()) deadline = std::min(deadline, *oldest + c.flush_interval);
      if (deadLettersPending_) deadline = std::min(deadline, nextReplayProbe_);
      s_.wake.wait_until(lock, deadline, [&] {
        return s_.stopping || !s_.overflow.empty() || s_.replayRequested || s_.buffer.hasUrgent() ||
               s_.buffer.size() >= c.batch_size || !s_.unpersisted.empty() ||
               (!s_.completions.empty() && Clock::now() >= nextCompletionAttempt_);
      });
      stopping = s_.stopping;
      replay = s_.replayRequested;
      s_.replayRequested = false;
      flush = s_.buffer.hasUrgent() ||
              shouldFlush(s_.buffer.size(), s_.buffer.oldestEnqueuedAt(), Clock::now(), c.batch_size, c.flush_interval);
    }
    if (stopping) break;
    spillOverflow();
    persistOutcomes();
    sendCompletions();
    if (replay || (deadLettersPending_ && Clock::now() >= nextReplayProbe_)) replayDeadLetters();
    while (flush) {
      std::vector<GameEvent> batch;
      {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.stopping) break;
        batch = s_.buffer.take(c.batch_size);
        // Keep draining while full batches are waiting, so a burst does not wait a flush interval per batch.
        flush = s_.buffer.size() >= c.batch_size;
      }
      if (batch.empty()) break;
      sendWithRetries(std::move(batch));
    }
  }
  // Shutdown: nothing acknowledged to the game may be lost, so whatever is still in memory goes to disk.
  std::vector<GameEvent> rest;
  {
    std::lock_guard<std::mutex> lock(s_.mutex);
    rest = s_.buffer.takeAll();
    rest.insert(rest.end(), s_.overflow.begin(), s_.overflow.end());
    s_.overflow.clear();
  }
  deadLetter(rest);
  spillOverflow();
  persistOutcomes();
}

}  // namespace aiworld
