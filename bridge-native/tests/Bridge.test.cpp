// The bridge end to end against FakeMidgard: real threads, real sockets on 127.0.0.1, delays shrunk.
#include <doctest/doctest.h>

#include <cstdio>
#include <unistd.h>

#include "FakeMidgard.hpp"
#include "TempFiles.hpp"
#include "aiworld/Bridge.hpp"
#include "aiworld/DeadLetterFile.hpp"
#include "aiworld/SpoolJournal.hpp"

#include <fstream>

using namespace aiworld;
using std::chrono::milliseconds;

namespace {

int caseCounter = 0;

Config fastConfig(const std::string& url) {
  Config c;
  c.url = url;
  c.api_key = "test-key";
  c.flush_interval = milliseconds(30);
  c.retry_delays = {milliseconds(10), milliseconds(20), milliseconds(40)};
  c.breaker_failures = 5;
  c.breaker_probe = milliseconds(100);
  c.breaker_open = milliseconds(300);
  c.poll_interval = milliseconds(30);
  c.stream_retry = milliseconds(150);
  c.connect_timeout = milliseconds(300);
  c.request_timeout = milliseconds(1000);
  c.stream_idle_timeout = milliseconds(2000);
  std::string base = "bridge-" + std::to_string(++caseCounter);
  c.dead_letter_file = testfiles::path(base + ".dlq");
  c.ledger_file = testfiles::path(base + ".ledger");
  c.journal_file = testfiles::path(base + ".journal");
  c.journal_fsync = false;
  return c;
}

GameEvent kill(int i, Priority p = Priority::normal) {
  GameEvent e;
  e.event_type = "monster_kill";
  e.player_id = 150000 + i;
  e.map = "prontera";
  e.priority = p;
  e.payload = {{"monster_id", 1002}, {"n", i}};
  return e;
}

nlohmann::json action(const std::string& id) {
  return {{"action_id", id}, {"action_type", "broadcast_message"}, {"payload", {{"message", "hello " + id}}}};
}

}  // namespace

TEST_CASE("events arrive in batches of at most 50 with an event_id each and the X-API-Key header") {
  FakeMidgard midgard;
  Config c = fastConfig(midgard.url());
  c.flush_interval = milliseconds(200);
  Bridge bridge(c);
  bridge.start();
  std::vector<std::string> ids;
  for (int i = 0; i < 120; ++i) ids.push_back(bridge.emit(kill(i)));
  REQUIRE(eventually([&] { return midgard.distinctEvents() == 120; }));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  for (auto& id : ids) CHECK(midgard.eventCounts[id] == 1);
  for (auto& b : midgard.batches) CHECK(b.size() <= 50);
  CHECK(midgard.batches.size() >= 3);
  CHECK(midgard.batches[0].size() == 50);  // a full batch goes at once, without waiting the interval
  for (auto& key : midgard.apiKeys) CHECK(key == "test-key");
  auto& first = midgard.batches[0][0];
  CHECK(first["event_type"] == "monster_kill");
  CHECK(first["map"] == "prontera");
  CHECK(first["timestamp"].get<std::int64_t>() > 1700000000000);
}

TEST_CASE("urgent events leave first and without waiting for the interval") {
  FakeMidgard midgard;
  Config c = fastConfig(midgard.url());
  c.flush_interval = milliseconds(5000);
  Bridge bridge(c);
  bridge.start();
  bridge.emit(kill(1, Priority::low));
  bridge.emit(kill(2, Priority::normal));
  std::string urgent = bridge.emit(kill(3, Priority::urgent));
  REQUIRE(eventually([&] { return midgard.distinctEvents() == 3; }, milliseconds(2000)));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  CHECK(midgard.batches[0][0]["event_id"] == urgent);
}

TEST_CASE("a lost response is retried with the same event_ids (the gateway dedupes)") {
  FakeMidgard midgard;
  midgard.loseResponses = 1;
  Bridge bridge(fastConfig(midgard.url()));
  bridge.start();
  std::string id = bridge.emit(kill(1));
  REQUIRE(eventually([&] { return bridge.stats().delivered == 1; }));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  CHECK(midgard.eventCounts[id] == 2);
  CHECK(midgard.batches.size() == 2);
}

TEST_CASE("down Midgard: 1+3 attempts, dead-letter, breaker opens after 5 failures, auto replay when back") {
  FakeMidgard midgard;
  midgard.dispatchStatus = 503;
  Config c = fastConfig(midgard.url());
  // long enough that "nothing is sent while open" holds on a busy machine
  c.breaker_probe = milliseconds(1500);
  c.breaker_open = milliseconds(1500);
  Bridge bridge(c);
  bridge.start();
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(bridge.emit(kill(i)));
  REQUIRE(eventually([&] { return bridge.stats().deadLettered == 10; }));
  CHECK(midgard.dispatchCalls == 4);  // first try + retries after 10, 20, 40 ms
  CHECK(bridge.stats().deadLetterFileEvents == 10);
  CHECK(std::string(bridge.stats().breaker) == "closed");

  ids.push_back(bridge.emit(kill(10)));
  REQUIRE(eventually([&] { return std::string(bridge.stats().breaker) == "open"; }));
  int callsWhenOpened = midgard.dispatchCalls;
  CHECK(callsWhenOpened == 5);
  // while open, nothing is sent, and what comes in goes straight to disk
  ids.push_back(bridge.emit(kill(11)));
  REQUIRE(eventually([&] { return bridge.stats().deadLettered == 12; }));
  CHECK(midgard.dispatchCalls == callsWhenOpened);

  midgard.dispatchStatus = 200;  // back: the half-open probe succeeds and the file drains by itself
  REQUIRE(eventually([&] { return bridge.stats().replayed == 12; }));
  CHECK(bridge.stats().deadLetterFileEvents == 0);
  std::lock_guard<std::mutex> lock(midgard.mutex);
  CHECK(midgard.eventCounts.size() == 12);
  for (auto& id : ids) CHECK(midgard.eventCounts[id] == 1);
}

TEST_CASE("a rejected batch (400) is set aside once, never retried, never blocks the rest") {
  FakeMidgard midgard;
  midgard.dispatchStatus = 400;
  Config c = fastConfig(midgard.url());
  Bridge bridge(c);
  bridge.start();
  bridge.emit(kill(1));
  REQUIRE(eventually([&] { return bridge.stats().rejected == 1; }));
  CHECK(midgard.dispatchCalls == 1);
  CHECK(DeadLetterFile(c.dead_letter_file + ".rejected").count() == 1);
  midgard.dispatchStatus = 200;
  bridge.emit(kill(2));
  REQUIRE(eventually([&] { return bridge.stats().delivered == 1; }));
}

TEST_CASE("every emitted event is in the journal before anything is sent; a crashed run's journal is replayed") {
  FakeMidgard down;
  down.dispatchStatus = 503;
  Config c = fastConfig(down.url());
  c.journal_fsync = true;
  c.batch_size = 1000;
  c.flush_interval = milliseconds(60000);  // nothing leaves: the events are on disk only through the journal
  Bridge bridge(c);
  bridge.start();
  std::vector<std::string> ids;
  for (int i = 0; i < 15; ++i) ids.push_back(bridge.emit(kill(i, Priority::low)));
  REQUIRE(eventually([&] { return bridge.stats().journalPending == 15 && bridge.stats().spoolLagMaxUs > 0; }));
  CHECK(down.dispatchCalls == 0);

  // "kill -9" now: the file is all that is left. A copy of it stands in for the crashed run's journal.
  std::string crashed = testfiles::path("crashed.journal");
  {
    std::ifstream in(c.journal_file, std::ios::binary);
    std::ofstream out(crashed, std::ios::binary);
    out << in.rdbuf();
  }
  FakeMidgard midgard;
  Config next = fastConfig(midgard.url());
  next.journal_file = crashed;
  Bridge restarted(next);
  restarted.start();
  REQUIRE(eventually([&] { return midgard.distinctEvents() == 15; }));
  {
    std::lock_guard<std::mutex> lock(midgard.mutex);
    for (auto& id : ids) CHECK(midgard.eventCounts[id] == 1);
  }
  REQUIRE(eventually([&] { return restarted.stats().deadLetterFileEvents == 0; }));
  CHECK(SpoolJournal(crashed, false).recover().empty());

  bridge.stop();  // a clean stop settles the journal into the dead-letter file
  CHECK(DeadLetterFile(c.dead_letter_file).count() == 15);
  CHECK(SpoolJournal(c.journal_file, false).recover().empty());
}

TEST_CASE("delivered events leave the journal") {
  FakeMidgard midgard;
  Bridge bridge(fastConfig(midgard.url()));
  bridge.start();
  for (int i = 0; i < 20; ++i) bridge.emit(kill(i));
  REQUIRE(eventually([&] { return bridge.stats().delivered == 20; }));
  CHECK(bridge.stats().journalPending == 0);
  CHECK(bridge.stats().spooled == 20);
}

TEST_CASE("capabilities are PUT once Midgard answers; a Midgard without the route (404) is told once, events flow on") {
  FakeMidgard midgard;
  Capabilities caps;
  caps.maps = {{"prontera", 312, 392}};
  caps.templates = {"midgard_treasure"};
  {
    Bridge bridge(fastConfig(midgard.url()));
    bridge.start();
    bridge.announce(caps);
    REQUIRE(eventually([&] { return bridge.stats().capabilitiesSent == 1; }));
    std::lock_guard<std::mutex> lock(midgard.mutex);
    REQUIRE(midgard.capabilities.size() == 1);
    CHECK(midgard.capabilities[0]["maps"][0]["name"] == "prontera");
    CHECK(midgard.capabilities[0]["templates"] == nlohmann::json{"midgard_treasure"});
  }
  FakeMidgard old;
  old.capabilitiesStatus = 404;
  Bridge bridge(fastConfig(old.url()));
  bridge.start();
  bridge.announce(caps);
  bridge.emit(kill(1));
  REQUIRE(eventually([&] { return bridge.stats().delivered == 1 && old.capabilitiesCalls == 1; }));
  CHECK(bridge.stats().capabilitiesSent == 0);
  bridge.emit(kill(2));
  REQUIRE(eventually([&] { return bridge.stats().delivered == 2; }));
  CHECK(old.capabilitiesCalls == 1);  // not retried
}

TEST_CASE("a server event (player 0) goes without player_id, as the contract says") {
  FakeMidgard midgard;
  Bridge bridge(fastConfig(midgard.url()));
  bridge.start();
  GameEvent reset;
  reset.event_type = "daily_reset";
  bridge.emit(reset);
  REQUIRE(eventually([&] { return midgard.distinctEvents() == 1; }));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  CHECK(!midgard.batches[0][0].contains("player_id"));
  CHECK(!midgard.batches[0][0].contains("map"));
}

TEST_CASE("stop() with Midgard unreachable keeps every event; the next start replays them") {
  Config c;
  std::vector<std::string> ids;
  int port;
  {
    FakeMidgard probe;  // learn a free port, then free it: nothing listens there now
    port = probe.port;
  }
  c = fastConfig("http://127.0.0.1:" + std::to_string(port));
  c.flush_interval = milliseconds(60000);
  {
    Bridge bridge(c);
    bridge.start();
    for (int i = 0; i < 7; ++i) ids.push_back(bridge.emit(kill(i)));
    bridge.stop();
  }
  CHECK(DeadLetterFile(c.dead_letter_file).count() == 7);

  FakeMidgard midgard(port);
  Bridge again(c);
  again.start();
  REQUIRE(eventually([&] { return midgard.distinctEvents() == 7; }));
  REQUIRE(eventually([&] { return again.stats().deadLetterFileEvents == 0; }));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  for (auto& id : ids) CHECK(midgard.eventCounts[id] == 1);
}

TEST_CASE("actions from the stream run once even when the poll offers them too; completion goes back") {
  FakeMidgard midgard;
  {
    std::lock_guard<std::mutex> lock(midgard.mutex);
    midgard.streamActions = {{"1", action("a-1")}, {"2", action("a-2")}};
    midgard.pendingOffer = {action("a-1"), action("a-3")};
  }
  Bridge bridge(fastConfig(midgard.url()));
  bridge.start();
  REQUIRE(eventually([&] { return bridge.stats().actionsReceived == 2; }));
  CHECK(bridge.stats().streamConnected);
  auto ready = bridge.takeActions(10);
  REQUIRE(ready.size() == 2);
  CHECK(ready[0].action_id == "a-1");
  CHECK(ready[0].payload["message"] == "hello a-1");
  for (auto& a : ready) bridge.complete(a.action_id, true, "said it");
  REQUIRE(eventually([&] { return midgard.completionCount() == 2; }));
  {
    std::lock_guard<std::mutex> lock(midgard.mutex);
    CHECK(midgard.completions[0]["action_id"] == "a-1");
    CHECK(midgard.completions[0]["status"] == "completed");
    CHECK(midgard.completions[0]["message"] == "said it");
  }

  // Stream goes down: the bridge polls, sees a-1 again (already done) and a-3 (new).
  midgard.streamEnabled = false;
  REQUIRE(eventually([&] { return bridge.stats().actionsReceived == 3; }));
  ready = bridge.takeActions(10);
  REQUIRE(ready.size() == 1);
  CHECK(ready[0].action_id == "a-3");
  CHECK(bridge.stats().actionsDuplicate >= 1);
  // a-1 offered again after it ran: its recorded outcome is reported again, it is not handed out again
  REQUIRE(eventually([&] { return midgard.completionCount() >= 3; }));
  CHECK(bridge.takeActions(10).empty());
}

TEST_CASE("the stream resumes with Last-Event-ID after a reconnect") {
  FakeMidgard midgard;
  {
    std::lock_guard<std::mutex> lock(midgard.mutex);
    midgard.streamActions = {{"7", action("a-7")}};
  }
  Bridge bridge(fastConfig(midgard.url()));
  bridge.start();
  REQUIRE(eventually([&] { return bridge.stats().actionsReceived == 1; }));
  midgard.streamEnabled = false;
  REQUIRE(eventually([&] { return !bridge.stats().streamConnected; }));
  {
    std::lock_guard<std::mutex> lock(midgard.mutex);
    midgard.streamActions.push_back({"8", action("a-8")});
  }
  midgard.streamEnabled = true;
  REQUIRE(eventually([&] { return bridge.stats().actionsReceived == 2; }));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  REQUIRE(midgard.streamLastEventIds.size() >= 2);
  CHECK(midgard.streamLastEventIds.front() == "");
  CHECK(midgard.streamLastEventIds.back() == "7");
}

TEST_CASE("a restarted bridge does not run an action it already ran (ledger file)") {
  FakeMidgard midgard;
  {
    std::lock_guard<std::mutex> lock(midgard.mutex);
    midgard.pendingOffer = {action("a-9")};
  }
  Config c = fastConfig(midgard.url());
  c.use_stream = false;
  {
    Bridge bridge(c);
    bridge.start();
    REQUIRE(eventually([&] { return bridge.stats().actionsReceived == 1; }));
    auto ready = bridge.takeActions(5);
    REQUIRE(ready.size() == 1);
    bridge.complete("a-9", false, "player offline");
    REQUIRE(eventually([&] { return midgard.completionCount() == 1; }));
  }
  Bridge again(c);
  again.start();
  REQUIRE(eventually([&] { return again.stats().actionsDuplicate >= 1; }));
  CHECK(again.stats().actionsReceived == 0);
  CHECK(again.takeActions(5).empty());
  REQUIRE(eventually([&] { return midgard.completionCount() >= 2; }));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  CHECK(midgard.completions.back()["status"] == "failed");
  CHECK(midgard.completions.back()["message"] == "player offline");
}

TEST_CASE("malformed actions are counted and skipped, the good ones still arrive") {
  FakeMidgard midgard;
  {
    std::lock_guard<std::mutex> lock(midgard.mutex);
    midgard.streamActions = {{"1", {{"action_type", "broadcast_message"}}},
                             {"2", {{"action_id", "bad-1"}, {"action_type", "broadcast_message"}, {"payload", "hi"}}},
                             {"3", action("ok")}};
  }
  Bridge bridge(fastConfig(midgard.url()));
  bridge.start();
  REQUIRE(eventually([&] { return bridge.stats().actionsReceived == 1; }));
  CHECK(bridge.stats().actionsInvalid >= 2);
  CHECK(bridge.takeActions(5)[0].action_id == "ok");
  // the one with an id is completed as failed, with the reason, so Midgard stops offering it
  REQUIRE(eventually([&] { return midgard.completionCount() >= 1; }));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  CHECK(midgard.completions[0]["action_id"] == "bad-1");
  CHECK(midgard.completions[0]["status"] == "failed");
  CHECK(midgard.completions[0]["message"].get<std::string>().find("payload must be an object") != std::string::npos);
}

TEST_CASE("a completion made while Midgard is down is kept and sent when it is back") {
  FakeMidgard midgard;
  {
    std::lock_guard<std::mutex> lock(midgard.mutex);
    midgard.streamActions = {{"1", action("a-1")}};
  }
  midgard.completeStatus = 503;
  Bridge bridge(fastConfig(midgard.url()));
  bridge.start();
  REQUIRE(eventually([&] { return bridge.stats().actionsReceived == 1; }));
  bridge.complete(bridge.takeActions(1).at(0).action_id, true, "done while down");
  REQUIRE(eventually([&] { return midgard.completeCalls >= 3; }));
  CHECK(bridge.stats().pendingCompletions == 1);
  midgard.completeStatus = 200;
  REQUIRE(eventually([&] { return midgard.completionCount() == 1; }, milliseconds(8000)));
  CHECK(eventually([&] { return bridge.stats().pendingCompletions == 0; }));
  std::lock_guard<std::mutex> lock(midgard.mutex);
  CHECK(midgard.completions[0]["message"] == "done while down");
}

TEST_CASE("missing directories for the dead-letter and ledger files are created at start") {
  FakeMidgard midgard;
  midgard.dispatchStatus = 503;
  Config c = fastConfig(midgard.url());
  std::string dir = testfiles::path("newdir");
  c.dead_letter_file = dir + "/log/deadletter.jsonl";
  c.ledger_file = dir + "/log/actions.log";
  {
    Bridge bridge(c);
    bridge.start();
    bridge.emit(kill(1));
    bridge.stop();
  }
  CHECK(DeadLetterFile(c.dead_letter_file).count() == 1);
  std::remove(c.dead_letter_file.c_str());
  std::remove((dir + "/log").c_str());
  std::remove(dir.c_str());
}
