#include <doctest/doctest.h>

#include "aiworld/EventBuffer.hpp"

using namespace aiworld;
using Clock = std::chrono::steady_clock;

static GameEvent ev(const std::string& id, Priority p = Priority::normal) {
  GameEvent e;
  e.event_id = id;
  e.event_type = "custom";
  e.priority = p;
  return e;
}

static std::vector<std::string> ids(const std::vector<GameEvent>& events) {
  std::vector<std::string> out;
  for (auto& e : events) out.push_back(e.event_id);
  return out;
}

TEST_CASE("take serves urgent first, then high, normal, low, FIFO within a priority") {
  EventBuffer buf(10);
  auto t = Clock::now();
  buf.push(ev("n1"), t);
  buf.push(ev("l1", Priority::low), t);
  buf.push(ev("u1", Priority::urgent), t);
  buf.push(ev("n2"), t);
  buf.push(ev("h1", Priority::high), t);
  buf.push(ev("u2", Priority::urgent), t);
  CHECK(buf.hasUrgent());
  CHECK(ids(buf.take(4)) == std::vector<std::string>{"u1", "u2", "h1", "n1"});
  CHECK(buf.size() == 2);
  CHECK(ids(buf.take(10)) == std::vector<std::string>{"n2", "l1"});
  CHECK(buf.size() == 0);
  CHECK_FALSE(buf.oldestEnqueuedAt().has_value());
}

TEST_CASE("a full buffer evicts the oldest of the lowest priority and hands it back") {
  EventBuffer buf(3);
  auto t = Clock::now();
  CHECK_FALSE(buf.push(ev("n1"), t));
  CHECK_FALSE(buf.push(ev("l1", Priority::low), t));
  CHECK_FALSE(buf.push(ev("l2", Priority::low), t));
  auto evicted = buf.push(ev("u1", Priority::urgent), t);
  REQUIRE(evicted);
  CHECK(evicted->event_id == "l1");
  evicted = buf.push(ev("n2"), t);
  REQUIRE(evicted);
  CHECK(evicted->event_id == "l2");
  CHECK(buf.size() == 3);
  // all normal or better now: a low newcomer is the least important, so it is the one that leaves
  evicted = buf.push(ev("l3", Priority::low), t);
  REQUIRE(evicted);
  CHECK(evicted->event_id == "l3");
  // same priority: the oldest goes
  evicted = buf.push(ev("n3"), t);
  REQUIRE(evicted);
  CHECK(evicted->event_id == "n1");
  CHECK(ids(buf.takeAll()) == std::vector<std::string>{"u1", "n2", "n3"});
}

TEST_CASE("1000 events: capacity holds, every evicted event is returned, none vanish") {
  EventBuffer buf(1000);
  auto t = Clock::now();
  std::size_t evicted = 0;
  for (int i = 0; i < 1500; ++i) {
    if (buf.push(ev("e" + std::to_string(i), i % 100 == 0 ? Priority::urgent : Priority::normal), t)) ++evicted;
  }
  CHECK(buf.size() == 1000);
  CHECK(evicted == 500);
  auto first = buf.take(15);
  for (auto& e : first) CHECK(e.priority == Priority::urgent);
}

TEST_CASE("shouldFlush: a full batch, or the oldest event waited a whole interval") {
  using std::chrono::milliseconds;
  auto now = Clock::now();
  CHECK_FALSE(shouldFlush(0, std::nullopt, now, 50, milliseconds(1000)));
  CHECK(shouldFlush(50, now, now, 50, milliseconds(1000)));
  CHECK_FALSE(shouldFlush(49, now - milliseconds(999), now, 50, milliseconds(1000)));
  CHECK(shouldFlush(1, now - milliseconds(1000), now, 50, milliseconds(1000)));
}

TEST_CASE("oldestEnqueuedAt looks across priorities") {
  EventBuffer buf(10);
  auto t0 = Clock::now();
  buf.push(ev("n", Priority::normal), t0);
  buf.push(ev("u", Priority::urgent), t0 + std::chrono::seconds(1));
  CHECK(*buf.oldestEnqueuedAt() == t0);
  CHECK_THROWS_AS(EventBuffer(0), std::invalid_argument);
}
