#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "TempFiles.hpp"
#include "aiworld/DeadLetterFile.hpp"

using namespace aiworld;

static std::string tempPath(const std::string& name) { return testfiles::path(name); }

static std::vector<GameEvent> events(int from, int n) {
  std::vector<GameEvent> out;
  for (int i = from; i < from + n; ++i) {
    GameEvent e;
    e.event_id = "e" + std::to_string(i);
    e.event_type = "monster_kill";
    e.player_id = 150000 + i;
    e.map = i % 2 ? "prontera" : "";
    e.timestamp = 1732628400000 + i;
    e.payload = {{"monster_id", 1002}};
    out.push_back(e);
  }
  return out;
}

TEST_CASE("append then readAll round-trips every field") {
  DeadLetterFile dlq(tempPath("roundtrip"));
  dlq.append(events(0, 3));
  dlq.append(events(3, 2));
  auto back = dlq.readAll();
  REQUIRE(back.size() == 5);
  CHECK(dlq.count() == 5);
  CHECK(back[1].event_id == "e1");
  CHECK(back[1].map == "prontera");
  CHECK(back[0].map.empty());
  CHECK(back[4].player_id == 150004);
  CHECK(back[4].timestamp == 1732628400004);
  CHECK(back[4].payload["monster_id"] == 1002);
}

TEST_CASE("replay sends in batches, stops at the first failure and keeps the rest in order") {
  DeadLetterFile dlq(tempPath("partial"));
  dlq.append(events(0, 120));
  std::vector<std::size_t> sizes;
  int calls = 0;
  auto report = dlq.replay(50, [&](const std::vector<GameEvent>& b) {
    sizes.push_back(b.size());
    return ++calls == 1 ? SendOutcome::delivered : SendOutcome::failed;
  });
  CHECK(sizes == std::vector<std::size_t>{50, 50});
  CHECK(report.delivered == 50);
  CHECK(report.remaining == 70);
  auto rest = dlq.readAll();
  REQUIRE(rest.size() == 70);
  CHECK(rest.front().event_id == "e50");
  CHECK(rest.back().event_id == "e119");

  report = dlq.replay(50, [&](const std::vector<GameEvent>&) { return SendOutcome::delivered; });
  CHECK(report.delivered == 70);
  CHECK(report.remaining == 0);
  CHECK(dlq.count() == 0);
}

TEST_CASE("rejected batches move aside, corrupt lines move aside, neither blocks the queue") {
  std::string path = tempPath("rejected");
  DeadLetterFile dlq(path);
  dlq.append(events(0, 2));
  { std::ofstream(path, std::ios::app) << "{not json\n"; }
  dlq.append(events(2, 2));
  int call = 0;
  auto report = dlq.replay(2, [&](const std::vector<GameEvent>&) {
    return ++call == 1 ? SendOutcome::rejected : SendOutcome::delivered;
  });
  CHECK(report.rejected == 2);
  CHECK(report.delivered == 2);
  CHECK(report.corruptLines == 1);
  CHECK(dlq.count() == 0);
  CHECK(DeadLetterFile(path + ".rejected").readAll().size() == 2);
  std::ifstream bad(path + ".bad");
  std::string line;
  std::getline(bad, line);
  CHECK(line == "{not json");
}

TEST_CASE("an unwritable path throws instead of pretending") {
  DeadLetterFile dlq("/nonexistent-dir/aiworld.jsonl");
  CHECK_THROWS_AS(dlq.append(events(0, 1)), std::runtime_error);
  CHECK_THROWS_AS(DeadLetterFile(""), std::invalid_argument);
}
