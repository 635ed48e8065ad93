#include <doctest/doctest.h>

#include <fstream>

#include "TempFiles.hpp"
#include "aiworld/SpoolJournal.hpp"

using namespace aiworld;

namespace {
GameEvent ev(const std::string& id) {
  GameEvent e;
  e.event_id = id;
  e.event_type = "monster_kill";
  e.player_id = 150001;
  e.timestamp = 1;
  e.payload = {{"monster_id", 1002}};
  return e;
}

std::size_t linesIn(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) n += !line.empty();
  return n;
}
}  // namespace

TEST_CASE("appended events are in the file at once; a second reader (the next start) recovers them") {
  std::string path = testfiles::path("journal-a");
  SpoolJournal journal(path, true);
  journal.append({ev("e1"), ev("e2")});
  CHECK(linesIn(path) == 2);  // no close, no flush call: write(2) already put them there
  SpoolJournal afterCrash(path, false);
  auto left = afterCrash.recover();
  REQUIRE(left.size() == 2);
  CHECK(left[0].event_id == "e1");
  CHECK(left[1].payload["monster_id"] == 1002);
}

TEST_CASE("the file is truncated once everything is acknowledged, and keeps what is not") {
  std::string path = testfiles::path("journal-b");
  SpoolJournal journal(path, false);
  journal.append({ev("e1"), ev("e2"), ev("e3")});
  journal.acknowledge({"e1", "e3"});
  CHECK(journal.pending() == 1);
  CHECK(SpoolJournal(path, false).recover().size() == 3);  // not compacted yet: settled lines are harmless
  journal.acknowledge({"e2"});
  CHECK(linesIn(path) == 0);
  journal.append({ev("e4")});
  auto left = SpoolJournal(path, false).recover();
  REQUIRE(left.size() == 1);
  CHECK(left[0].event_id == "e4");
}

TEST_CASE("a long backlog is compacted to the pending events, in order") {
  std::string path = testfiles::path("journal-c");
  SpoolJournal journal(path, false);
  std::vector<GameEvent> many;
  for (int i = 0; i < 1500; ++i) many.push_back(ev("e" + std::to_string(i)));
  journal.append(many);
  std::vector<std::string> settled;
  for (int i = 0; i < 1500; ++i)
    if (i != 7 && i != 1400) settled.push_back("e" + std::to_string(i));
  journal.acknowledge(settled);
  CHECK(journal.fileLines() == 2);
  auto left = SpoolJournal(path, false).recover();
  REQUIRE(left.size() == 2);
  CHECK(left[0].event_id == "e7");
  CHECK(left[1].event_id == "e1400");
  journal.append({ev("e9999")});  // appends still land after the rename
  CHECK(SpoolJournal(path, false).recover().size() == 3);
}

TEST_CASE("a torn last line is skipped; clear() empties the file") {
  std::string path = testfiles::path("journal-d");
  {
    SpoolJournal journal(path, false);
    journal.append({ev("e1")});
  }
  {
    std::ofstream torn(path, std::ios::app);
    torn << "{\"event_id\":\"e2\",\"event_ty";
  }
  SpoolJournal journal(path, false);
  auto left = journal.recover();
  REQUIRE(left.size() == 1);
  journal.clear();
  CHECK(linesIn(path) == 0);
}
