// Stops hammering a Midgard that is down, and notices within seconds when it is back: half-open probes with backoff.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>

namespace aiworld {

/**
 * closed → (threshold consecutive failures) → open → (the probe interval elapsed) → half-open: one trial
 * request; its success closes the breaker, its failure opens it again for twice the last interval, capped at
 * `maxProbe`. The first interval is `firstProbe`. So a Midgard that comes back is noticed within `maxProbe`
 * however long it was down, while a dead one costs one request per `maxProbe`.
 * The clock is injected so tests move time instead of sleeping.
 *
 * @example
 *   CircuitBreaker breaker(5, std::chrono::milliseconds(500), std::chrono::seconds(5));
 *   if (breaker.allowRequest()) { bool ok = send(); ok ? breaker.recordSuccess() : breaker.recordFailure(); }
 */
class CircuitBreaker {
 public:
  enum class State { closed, open, half_open };
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  CircuitBreaker(int threshold, std::chrono::milliseconds firstProbe, std::chrono::milliseconds maxProbe,
                 Clock clock = [] { return std::chrono::steady_clock::now(); });

  /** True when a request may go out now. In half-open, true exactly once until that trial is recorded. */
  bool allowRequest();
  void recordSuccess();
  void recordFailure();
  State state();
  /** How long until an open breaker lets a trial through (zero when it already would). */
  std::chrono::milliseconds retryIn();

 private:
  void refresh();

  std::mutex mutex_;
  int threshold_;
  std::chrono::milliseconds firstProbe_, maxProbe_;
  /** The current open period: firstProbe after closing, doubled by each failed trial up to maxProbe. */
  std::chrono::milliseconds openFor_;
  Clock clock_;
  State state_ = State::closed;
  int failures_ = 0;
  bool trialInFlight_ = false;
  std::chrono::steady_clock::time_point openedAt_{};
};

const char* breakerStateName(CircuitBreaker::State state);

}  // namespace aiworld
