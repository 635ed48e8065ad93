#include <doctest/doctest.h>

#include "aiworld/CircuitBreaker.hpp"

using namespace aiworld;
using namespace std::chrono;

struct FakeClock {
  steady_clock::time_point now = steady_clock::time_point{} + hours(1);
  CircuitBreaker::Clock fn() {
    return [this] { return now; };
  }
};

TEST_CASE("five failures in a row open the breaker for 60 s, then one trial in half-open") {
  FakeClock clock;
  CircuitBreaker b(5, seconds(60), clock.fn());
  for (int i = 0; i < 4; ++i) {
    CHECK(b.allowRequest());
    b.recordFailure();
  }
  CHECK(b.state() == CircuitBreaker::State::closed);
  CHECK(b.allowRequest());
  b.recordFailure();
  CHECK(b.state() == CircuitBreaker::State::open);
  CHECK_FALSE(b.allowRequest());
  clock.now += seconds(59);
  CHECK_FALSE(b.allowRequest());
  CHECK(b.retryIn() == seconds(1));
  clock.now += seconds(1);
  CHECK(b.state() == CircuitBreaker::State::half_open);
  CHECK(b.allowRequest());        // the trial
  CHECK_FALSE(b.allowRequest());  // only one at a time
  b.recordSuccess();
  CHECK(b.state() == CircuitBreaker::State::closed);
  CHECK(b.allowRequest());
}

TEST_CASE("a failed trial opens it again for a full period; a success resets the failure count") {
  FakeClock clock;
  CircuitBreaker b(5, seconds(60), clock.fn());
  for (int i = 0; i < 5; ++i) b.recordFailure();
  clock.now += seconds(60);
  CHECK(b.allowRequest());
  b.recordFailure();
  CHECK(b.state() == CircuitBreaker::State::open);
  clock.now += seconds(30);
  CHECK_FALSE(b.allowRequest());
  clock.now += seconds(30);
  CHECK(b.allowRequest());
  b.recordSuccess();
  for (int i = 0; i < 4; ++i) b.recordFailure();
  b.recordSuccess();
  for (int i = 0; i < 4; ++i) b.recordFailure();
  CHECK(b.state() == CircuitBreaker::State::closed);
  CHECK(std::string(breakerStateName(b.state())) == "closed");
}
