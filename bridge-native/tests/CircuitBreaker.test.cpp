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

TEST_CASE("five failures in a row open the breaker; one trial in half-open after the first probe interval") {
  FakeClock clock;
  CircuitBreaker b(5, milliseconds(500), seconds(5), clock.fn());
  for (int i = 0; i < 4; ++i) {
    CHECK(b.allowRequest());
    b.recordFailure();
  }
  CHECK(b.state() == CircuitBreaker::State::closed);
  CHECK(b.allowRequest());
  b.recordFailure();
  CHECK(b.state() == CircuitBreaker::State::open);
  CHECK_FALSE(b.allowRequest());
  clock.now += milliseconds(499);
  CHECK_FALSE(b.allowRequest());
  CHECK(b.retryIn() == milliseconds(1));
  clock.now += milliseconds(1);
  CHECK(b.state() == CircuitBreaker::State::half_open);
  CHECK(b.allowRequest());        // the trial
  CHECK_FALSE(b.allowRequest());  // only one at a time
  b.recordSuccess();
  CHECK(b.state() == CircuitBreaker::State::closed);
  CHECK(b.allowRequest());
}

TEST_CASE("each failed probe doubles the wait up to the cap, so a Midgard back after an hour is seen within the cap") {
  FakeClock clock;
  CircuitBreaker b(5, milliseconds(500), seconds(5), clock.fn());
  for (int i = 0; i < 5; ++i) b.recordFailure();
  milliseconds expected[] = {milliseconds(500), milliseconds(1000), milliseconds(2000), milliseconds(4000), seconds(5), seconds(5)};
  for (auto wait : expected) {
    CHECK(b.retryIn() == wait);
    clock.now += wait;
    REQUIRE(b.allowRequest());
    b.recordFailure();
    CHECK(b.state() == CircuitBreaker::State::open);
  }
  clock.now += hours(1);  // down for an hour: still one probe, and it finds Midgard back
  CHECK(b.allowRequest());
  b.recordSuccess();
  CHECK(b.state() == CircuitBreaker::State::closed);
  // closed again: the next outage starts from the short interval
  for (int i = 0; i < 5; ++i) b.recordFailure();
  CHECK(b.retryIn() == milliseconds(500));
}

TEST_CASE("a success resets the failure count") {
  FakeClock clock;
  CircuitBreaker b(5, milliseconds(500), seconds(5), clock.fn());
  for (int i = 0; i < 4; ++i) b.recordFailure();
  b.recordSuccess();
  for (int i = 0; i < 4; ++i) b.recordFailure();
  CHECK(b.state() == CircuitBreaker::State::closed);
  CHECK(std::string(breakerStateName(b.state())) == "closed");
}
