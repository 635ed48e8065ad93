#include <doctest/doctest.h>

#include "aiworld/Action.hpp"
#include "aiworld/GameEvent.hpp"
#include "aiworld/HttpChannel.hpp"

using namespace aiworld;

TEST_CASE("events serialise with the contract's field names; map omitted when empty") {
  GameEvent e;
  e.event_id = "x-1";
  e.event_type = "player_login";
  e.player_id = 150001;
  e.timestamp = 1732628400000;
  e.payload = {{"action", "login"}};
  auto j = toJson(e);
  CHECK(j["event_type"] == "player_login");
  CHECK(j["player_id"] == 150001);
  CHECK(j["priority"] == "normal");
  CHECK(j["event_id"] == "x-1");
  CHECK_FALSE(j.contains("map"));
  e.map = "prontera";
  CHECK(toJson(e)["map"] == "prontera");
  CHECK(isKnownEventType("mvp_kill"));
  CHECK_FALSE(isKnownEventType("pvp_kill"));
}

TEST_CASE("malformed events and actions are refused with the field named") {
  CHECK_THROWS_WITH_AS(eventFromJson({{"player_id", 1}}), doctest::Contains("event_type"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(eventFromJson({{"event_type", "custom"}, {"priority", "asap"}}), doctest::Contains("priority"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(eventFromJson({{"event_type", "custom"}, {"payload", 3}}), doctest::Contains("payload"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(actionFromJson({{"action_type", "broadcast_message"}}), doctest::Contains("action_id"),
                       std::invalid_argument);
  CHECK_THROWS_AS(actionFromJson({{"action_id", "a"}, {"action_type", "x"}, {"target_player_id", "me"}}),
                  std::invalid_argument);
}

TEST_CASE("actions parse with optional fields; outcomes use completed|failed") {
  auto a = actionFromJson({{"action_id", "a-123"},
                           {"action_type", "spawn_monster"},
                           {"target_map", "prontera"},
                           {"target_player_id", 150001},
                           {"priority", 1},
                           {"payload", {{"map", "prontera"}, {"x", 150}, {"y", 180}, {"monster_id", 1002}, {"amount", 3}}}});
  CHECK(a.target_player_id == 150001);
  CHECK(a.payload["amount"] == 3);
  auto minimal = actionFromJson({{"action_id", "b"}, {"action_type", "broadcast_message"}, {"target_map", nullptr}});
  CHECK(minimal.payload.is_object());
  CHECK(toJson(ActionOutcome{"a-123", true, "spawned 3", 9})["status"] == "completed");
  CHECK(toJson(ActionOutcome{"a-123", false, "no map", 9})["status"] == "failed");
}

TEST_CASE("status codes: 2xx delivered, content errors rejected, everything else retried") {
  CHECK(classifyStatus(200) == SendOutcome::delivered);
  CHECK(classifyStatus(202) == SendOutcome::delivered);
  CHECK(classifyStatus(400) == SendOutcome::rejected);
  CHECK(classifyStatus(422) == SendOutcome::rejected);
  CHECK(classifyStatus(0) == SendOutcome::failed);
  CHECK(classifyStatus(401) == SendOutcome::failed);
  CHECK(classifyStatus(429) == SendOutcome::failed);
  CHECK(classifyStatus(503) == SendOutcome::failed);
}
