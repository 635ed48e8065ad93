#include "aiworld/CircuitBreaker.hpp"

#include <algorithm>

namespace aiworld {

CircuitBreaker::CircuitBreaker(int threshold, std::chrono::milliseconds firstProbe, std::chrono::milliseconds maxProbe,
                               Clock clock)
    : threshold_(threshold < 1 ? 1 : threshold),
      firstProbe_(std::max(firstProbe, std::chrono::milliseconds(1))),
      maxProbe_(std::max(maxProbe, firstProbe_)),
      openFor_(firstProbe_),
      clock_(std::move(clock)) {}

void CircuitBreaker::refresh() {
  if (state_ == State::open && clock_() - openedAt_ >= openFor_) {
    state_ = State::half_open;
    trialInFlight_ = false;
  }
}

bool CircuitBreaker::allowRequest() {
  std::lock_guard<std::mutex> lock(mutex_);
  refresh();
  switch (state_) {
    case State::closed: return true;
    case State::open: return false;
    case State::half_open:
      if (trialInFlight_) return false;
      trialInFlight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::recordSuccess() {
  std::lock_guard<std::mutex> lock(mutex_);
  state_ = State::closed;
  failures_ = 0;
  trialInFlight_ = false;
  openFor_ = firstProbe_;
}

void CircuitBreaker::recordFailure() {
  std::lock_guard<std::mutex> lock(mutex_);
  refresh();
  ++failures_;
  if (state_ == State::half_open) openFor_ = std::min(openFor_ * 2, maxProbe_);  // the probe failed: back off
  if (state_ == State::half_open || failures_ >= threshold_) {
    state_ = State::open;
    openedAt_ = clock_();
    trialInFlight_ = false;
  }
}

CircuitBreaker::State CircuitBreaker::state() {
  std::lock_guard<std::mutex> lock(mutex_);
  refresh();
  return state_;
}

std::chrono::milliseconds CircuitBreaker::retryIn() {
  std::lock_guard<std::mutex> lock(mutex_);
  refresh();
  if (state_ != State::open) return std::chrono::milliseconds(0);
  auto left = openFor_ - std::chrono::duration_cast<std::chrono::milliseconds>(clock_() - openedAt_);
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

const char* breakerStateName(CircuitBreaker::State s) {
  switch (s) {
    case CircuitBreaker::State::closed: return "closed";
    case CircuitBreaker::State::open: return "open";
    case CircuitBreaker::State::half_open: return "half_open";
  }
  return "closed";
}

}  // namespace aiworld
