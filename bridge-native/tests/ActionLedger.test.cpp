#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "TempFiles.hpp"
#include "aiworld/ActionLedger.hpp"

using namespace aiworld;

TEST_CASE("an action id is fresh once, in flight until finished, then done with its outcome") {
  ActionLedger ledger;
  CHECK(ledger.offer("a-1") == ActionLedger::Offer::fresh);
  CHECK(ledger.offer("a-1") == ActionLedger::Offer::in_flight);
  CHECK_FALSE(ledger.outcome("a-1").has_value());
  ledger.finish({"a-1", true, "spawned 3", 1});
  CHECK(ledger.offer("a-1") == ActionLedger::Offer::done);
  CHECK(ledger.outcome("a-1")->message == "spawned 3");
  CHECK(ledger.offer("a-2") == ActionLedger::Offer::fresh);
}

TEST_CASE("persisted outcomes survive a restart; a torn last line is ignored") {
  std::string path = testfiles::path("ledger");
  {
    ActionLedger ledger(path);
    ledger.offer("a-1");
    ActionOutcome o{"a-1", false, "player offline", 5};
    ledger.finish(o);
    ledger.persist(o);
  }
  { std::ofstream(path, std::ios::app) << "{\"action_id\":\"a-2\",\"sta"; }
  ActionLedger again(path);
  CHECK(again.offer("a-1") == ActionLedger::Offer::done);
  CHECK_FALSE(again.outcome("a-1")->ok);
  CHECK(again.offer("a-2") == ActionLedger::Offer::fresh);
}

TEST_CASE("memory stays bounded but never forgets an action still running") {
  ActionLedger ledger("", 3);
  ledger.offer("running");
  for (int i = 0; i < 10; ++i) {
    std::string id = "done-" + std::to_string(i);
    ledger.offer(id);
    ledger.finish({id, true, "", 0});
  }
  CHECK(ledger.offer("running") == ActionLedger::Offer::in_flight);
}

TEST_CASE("a ledger file past twice the memory limit is compacted to the remembered outcomes at load") {
  std::string path = testfiles::path("ledger-compact");
  {
    ActionLedger ledger(path, 1000);
    for (int i = 0; i < 10; ++i) {
      ActionOutcome o{"a-" + std::to_string(i), true, "ok", i};
      ledger.finish(o);
      ledger.persist(o);
    }
  }
  ActionLedger small(path, 3);  // 10 lines > 2 x 3: rewritten with the newest 3
  std::ifstream in(path);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  CHECK(lines == 3);
  ActionLedger again(path, 3);
  CHECK(again.offer("a-9") == ActionLedger::Offer::done);
  CHECK(again.offer("a-7") == ActionLedger::Offer::done);
}
