// parseAction: the golden corpus of every action Midgard's agents emit must all become commands, and what
// the contract forbids must be refused with a reason.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "aiworld/Commands.hpp"

using namespace aiworld;
using nlohmann::json;

namespace {

/**
 * The corpus: $AIWORLD_GOLDEN_ACTIONS, else contract/golden/actions.json (generated from the contract by
 * Midgard), else this suite's own one-action-per-type fixture while the corpus does not exist yet.
 */
std::string corpusPath() {
  if (const char* env = std::getenv("AIWORLD_GOLDEN_ACTIONS"); env && *env) return env;
  std::ifstream golden(AIWORLD_GOLDEN_ACTIONS);
  if (golden) return AIWORLD_GOLDEN_ACTIONS;
  return AIWORLD_FIXTURE_ACTIONS;
}

json readJson(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream buf;
  buf << in.rdbuf();
  return json::parse(buf.str());
}

Command parse(const std::string& type, json payload, const std::string& targetMap = "", std::optional<std::int64_t> player = {}) {
  Action a;
  a.action_id = "t-1";
  a.action_type = type;
  a.payload = std::move(payload);
  a.target_map = targetMap;
  a.target_player_id = player;
  return parseAction(a);
}

std::string refusal(const Command& c) {
  auto* r = std::get_if<Refusal>(&c);
  return r ? r->reason : "";
}

}  // namespace

TEST_CASE("every action in the golden corpus parses into a command (none refused)") {
  std::string path = corpusPath();
  MESSAGE("corpus: " << path);
  json corpus = readJson(path);
  REQUIRE(corpus.is_array());
  REQUIRE(!corpus.empty());
  std::set<std::string> typesSeen;
  for (const auto& j : corpus) {
    Action a = actionFromJson(j);
    Command c = parseAction(a);
    INFO(j.dump());
    CHECK_MESSAGE(!std::holds_alternative<Refusal>(c), refusal(c));
    typesSeen.insert(a.action_type);
  }
  // one of each type at least, or the corpus does not exercise the whole glue
  for (const auto& t : commandActionTypes()) CHECK_MESSAGE(typesSeen.count(t) == 1, "corpus has no " << t);
}

TEST_CASE("spawn_npc keeps Midgard's name, the template and its data as typed values") {
  auto c = parse("spawn_npc", {{"map", "prontera"}, {"x", 150}, {"y", 180}, {"npc_name", "Treasure Chest#t-9"},
                               {"script", "midgard_treasure"}, {"data", {{"item_id", 909}, {"hint", "under the tree"}}}});
  auto* s = std::get_if<SpawnNpc>(&c);
  REQUIRE_MESSAGE(s != nullptr, refusal(c));
  CHECK(s->npc_name == "Treasure Chest#t-9");
  CHECK(s->script == "midgard_treasure");
  CHECK(!s->sprite);
  REQUIRE(s->data.size() == 2);
  // in key order (nlohmann's objects are sorted)
  CHECK(s->data[0].first == "hint");
  CHECK(std::get<std::string>(s->data[0].second) == "under the tree");
  CHECK(s->data[1].first == "item_id");
  CHECK(std::get<std::int64_t>(s->data[1].second) == 909);
}

TEST_CASE("names rAthena cannot register as given are refused") {
  json base = {{"map", "prontera"}, {"x", 1}, {"y", 1}, {"script", "midgard_dynamic"}};
  auto with = [&](const std::string& name) {
    json p = base;
    p["npc_name"] = name;
    return refusal(parse("spawn_npc", p));
  };
  CHECK(with("Shown::unique").find("'::'") != std::string::npos);
  CHECK(with(std::string(25, 'a')).find("1..24") != std::string::npos);
  CHECK(with("say \"hi\"").find("quote") != std::string::npos);
  CHECK(with("Fine#1").empty());
  json p = base;
  p["npc_name"] = "x";
  p["map"] = "Prontera";
  CHECK(refusal(parse("spawn_npc", p)).find("lower-case") != std::string::npos);
}

TEST_CASE("set_map_flag: on/off flags take a boolean (or 0/1), rate flags a percent") {
  auto snow = std::get<SetMapFlag>(parse("set_map_flag", {{"map", "prontera"}, {"flag", "snow"}, {"value", true}}));
  CHECK(snow.on);
  CHECK(!snow.rate);
  auto off = std::get<SetMapFlag>(parse("set_map_flag", {{"map", "prontera"}, {"flag", "fog"}, {"value", 0}}));
  CHECK(!off.on);
  auto bexp = std::get<SetMapFlag>(parse("set_map_flag", {{"map", "prontera"}, {"flag", "bexp"}, {"value", 150}}));
  CHECK(bexp.rate == 150);
  CHECK(bexp.on);
  auto bexpOff = std::get<SetMapFlag>(parse("set_map_flag", {{"map", "prontera"}, {"flag", "bexp"}, {"value", false}}));
  CHECK(!bexpOff.on);
  CHECK(refusal(parse("set_map_flag", {{"map", "prontera"}, {"flag", "jexp"}, {"value", true}})).find("rate") != std::string::npos);
  CHECK(refusal(parse("set_map_flag", {{"map", "prontera"}, {"flag", "weather"}, {"value", "rain"}})).find("integer") != std::string::npos);
  CHECK(refusal(parse("set_map_flag", {{"map", "prontera"}, {"flag", "snow"}})) == "set_map_flag: missing value");
}

TEST_CASE("update_economy takes {prices:[{item_id, price}]} and nothing else") {
  auto e = std::get<UpdateEconomy>(parse("update_economy", {{"prices", {{{"item_id", 909}, {"price", 12}}}}}));
  REQUIRE(e.prices.size() == 1);
  CHECK(e.prices[0].item_id == 909);
  CHECK(e.prices[0].price == 12);
  CHECK(refusal(parse("update_economy", {{"values", {{"tax", 3}}}})).find("unknown payload key 'values'") != std::string::npos);
  CHECK(refusal(parse("update_economy", {{"prices", json::array()}})).find("1..200") != std::string::npos);
  CHECK(refusal(parse("update_economy", {{"prices", {{{"item_id", 909}, {"price", 0}}}}})).find("price") != std::string::npos);
}

TEST_CASE("create_quest needs no player; broadcast_message keeps its target") {
  auto q = std::get<CreateQuest>(parse("create_quest", {{"quest_id", 7}, {"state", "closed"}}));
  CHECK(!q.open);
  CHECK(q.title.empty());
  auto b = std::get<BroadcastMessage>(parse("broadcast_message", {{"message", "psst"}}, "prontera", 150001));
  CHECK(b.target_map == "prontera");
  CHECK(b.target_player_id == 150001);
  auto all = std::get<BroadcastMessage>(parse("broadcast_message", {{"message", "hear ye"}}));
  CHECK(all.target_map.empty());
  CHECK(!all.target_player_id);
  CHECK(refusal(parse("broadcast_message", {{"message", ""}})).find("1..255") != std::string::npos);
}

TEST_CASE("ranges, strictness and types are the contract's; refusals never throw") {
  json kill = {{"map", "prontera"}, {"x", 0}, {"y", 0}, {"monster_id", 1002}, {"amount", 51}};
  CHECK(refusal(parse("spawn_monster", kill)).find("amount must be 1..50") != std::string::npos);
  kill["amount"] = 2.0;  // JavaScript's 2
  CHECK(std::holds_alternative<SpawnMonster>(parse("spawn_monster", kill)));
  kill["amount"] = 2.5;
  CHECK(refusal(parse("spawn_monster", kill)).find("integer") != std::string::npos);
  kill["amount"] = 2;
  kill["event"] = "x::OnDone";
  CHECK(refusal(parse("spawn_monster", kill)).find("unknown payload key 'event'") != std::string::npos);
  CHECK(refusal(parse("give_reward", {{"player_id", 1}, {"item_id", 0}, {"quantity", 0}, {"zeny", 0}, {"base_exp", 0},
                                      {"job_exp", 0}, {"source", "s"}, {"source_event", "e"}}))
            .find("nothing to give") != std::string::npos);
  CHECK(refusal(parse("teleport_player", json::object())).find("unsupported") != std::string::npos);
  CHECK(refusal(parse("spawn_monster", json::array())).find("object") != std::string::npos);
}
