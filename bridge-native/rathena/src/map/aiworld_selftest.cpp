// Midgard bridge glue: @aiworld selftest. One event of every contract type goes to Midgard, then a custom
// event (kind "selftest") asks Midgard for one action of each type on the GM's map (actors/selftest.ts answers
// with action ids "selftest:<run>:<type>"). Each is checked in game right after it ran, and the GM gets a
// pass/fail table; Midgard gets the same table as a custom event (kind "selftest_result") for the dashboard.
#include "aiworld_glue.hpp"

#include <map>
#include <string>
#include <vector>

#include <common/showmsg.hpp>
#include <common/strlib.hpp>
#include <common/timer.hpp>

#include "aiworld.hpp"
#include "clif.hpp"
#include "map.hpp"
#include "npc.hpp"
#include "pc.hpp"

using namespace aiworld;

namespace {

constexpr t_tick kDeadlineMs = 30000;
constexpr int kMonster = 1002;   // Poring: on every server
constexpr int kItem = 501;       // Red Potion
const char* const kFlag = "clouds";  // weather only: harmless, visible, restored afterwards

struct Row {
  bool done = false, ok = false;
  std::string detail;
};

struct Run {
  std::string id;
  int32 gm_char_id = 0;
  int16 m = -1;
  std::string map;
  t_tick started = 0;
  int monsters_before = 0, items_before = 0;
  int64_t price_before = 0;
  bool flag_before = false;
  int quest_id = 0;
  uint64_t spooled_before = 0;
  std::map<std::string, Row> rows;  // by action type
};

std::unique_ptr<Run> g_run;

void tell(map_session_data* sd, const std::string& line) {
  if (sd != nullptr) clif_displaymessage(sd->fd, line.c_str());
}

GameEvent event(const std::string& type, map_session_data* gm, nlohmann::json payload) {
  GameEvent e;
  e.event_type = type;
  e.priority = Priority::normal;
  if (type != "daily_reset") {  // a server event has no player
    e.player_id = gm->status.char_id;
    e.map = g_run->map;
  }
  payload["selftest"] = g_run->id;
  e.payload = std::move(payload);
  return e;
}

nlohmann::json payloadFor(const std::string& type, map_session_data* gm) {
  if (type == "player_login") return {{"name", gm->status.name}, {"base_level", gm->status.base_level}, {"job", gm->status.class_}};
  if (type == "npc_interaction") return {{"npc_name", "Selftest#" + g_run->id}, {"template", "midgard_dynamic"}};
  if (type == "monster_kill") return {{"monster_id", kMonster}};
  if (type == "mvp_kill") return {{"mvp_id", 1038}};
  if (type == "map_change") return {{"from_map", g_run->map}, {"to_map", g_run->map}};
  if (type == "item_drop") return {{"item_id", kItem}, {"monster_id", kMonster}, {"amount", 1}};
  if (type == "quest_complete") return {{"quest_id", 1}};
  if (type == "trade_complete") return {{"item_id", kItem}, {"price", 1}, {"quantity", 1}};
  if (type == "custom") return {{"kind", "selftest_ping"}};
  return nlohmann::json::object();
}

void finish() {
  std::unique_ptr<Run> run = std::move(g_run);
  map_session_data* gm = map_charid2sd(run->gm_char_id);
  // Undo what the test changed that Midgard would not: the flag, the price, the board. (Its Poring stays.)
  if (run->m >= 0) {
    char buf[32];
    safestrncpy(buf, kFlag, sizeof(buf));
    map_setmapflag(run->m, map_getmapflag_by_name(buf), run->flag_before);
    clif_weather(run->m);
  }
  aiworld_set_price(kItem, run->price_before);
  CreateQuest close;
  close.quest_id = run->quest_id;
  close.open = false;
  aiworld_quest_board_set(close);

  Bridge* bridge = aiworld_bridge();
  Row& events = run->rows["events"];
  uint64_t spooled = bridge ? bridge->stats().spooled - run->spooled_before : 0;
  events.done = true;
  events.ok = spooled >= eventTypes().size() + 1;
  events.detail = std::to_string(spooled) + " events journaled (" + std::to_string(eventTypes().size()) + " types + the request)";

  int passed = 0;
  nlohmann::json table = nlohmann::json::array();
  tell(gm, "aiworld selftest " + run->id + " on " + run->map + ":");
  for (auto& [check, row] : run->rows) {
    if (!row.done) row.detail = "no action arrived within 30 s (is actors/selftest.ts wired into Midgard?)";
    passed += row.ok ? 1 : 0;
    tell(gm, std::string(row.ok ? "  PASS " : "  FAIL ") + check + ": " + row.detail);
    table.push_back({{"check", check}, {"ok", row.ok}, {"detail", row.detail}});
  }
  std::string summary = "aiworld selftest " + run->id + ": " + std::to_string(passed) + "/" + std::to_string(run->rows.size()) + " passed";
  tell(gm, summary);
  ShowInfo("%s\n", summary.c_str());
  if (bridge) {
    GameEvent result;
    result.event_type = "custom";
    result.priority = Priority::high;
    result.player_id = run->gm_char_id;
    result.map = run->map;
    result.payload = {{"kind", "selftest_result"}, {"run_id", run->id}, {"passed", passed},
                      {"total", run->rows.size()}, {"rows", table}};
    bridge->emit(std::move(result));
  }
}

bool all_done() {
  for (auto& [check, row] : g_run->rows)
    if (check != "events" && !row.done) return false;
  return true;
}

TIMER_FUNC(aiworld_selftest_timer) {
  if (!g_run) return 0;
  if (all_done() || DIFF_TICK(tick, g_run->started) >= kDeadlineMs) {
    finish();
    return 0;
  }
  add_timer(tick + 500, aiworld_selftest_timer, 0, 0);
  return 0;
}

/** The in-game check of one action's effect, right after it ran. */
Row check(const Command& command, const aiworld_result& result) {
  Row row{true, false, result.message};
  if (!result.ok) return row;
  auto expect = [&](bool ok, const std::string& what) {
    row.ok = ok;
    row.detail = result.message + (ok ? "; " : "; but ") + what;
  };
  if (auto* c = std::get_if<SpawnMonster>(&command)) {
    int n = aiworld_monster_count(g_run->m, c->monster_id);
    expect(n >= g_run->monsters_before + c->amount, std::to_string(n) + " on the map");
  } else if (auto* c = std::get_if<SpawnNpc>(&command)) {
    npc_data* nd = npc_name2id(c->npc_name.c_str());
    expect(nd != nullptr && nd->m == g_run->m && nd->x == c->x && nd->y == c->y, "npc present at its cell");
  } else if (auto* c = std::get_if<MoveNpc>(&command)) {
    npc_data* nd = npc_name2id(c->npc_name.c_str());
    expect(nd != nullptr && nd->x == c->x && nd->y == c->y, "npc at its new cell");
  } else if (auto* c = std::get_if<RemoveNpc>(&command)) {
    expect(npc_name2id(c->npc_name.c_str()) == nullptr, "npc gone");
  } else if (auto* c = std::get_if<SetMapFlag>(&command)) {
    char buf[64];
    safestrncpy(buf, c->flag.c_str(), sizeof(buf));
    int32 v = map_getmapflag(map_mapname2mapid(c->map.c_str()), map_getmapflag_by_name(buf));
    expect(c->rate ? v == *c->rate : (v != 0) == c->on, "flag reads " + std::to_string(v));
  } else if (auto* c = std::get_if<UpdateEconomy>(&command)) {
    bool ok = true;
    for (const auto& p : c->prices) ok = ok && aiworld_price(p.item_id) == p.price;
    expect(ok, "$aiworld_price set");
  } else if (auto* c = std::get_if<GiveReward>(&command)) {
    map_session_data* gm = map_charid2sd(g_run->gm_char_id);
    int n = gm ? aiworld_inventory_count(gm, c->item_id) : -1;
    expect(n == g_run->items_before + c->quantity, "the GM holds " + std::to_string(n) + " of item " + std::to_string(c->item_id));
  } else if (std::get_if<BroadcastMessage>(&command)) {
    expect(result.message.rfind("told 1 player", 0) == 0, "sent to the GM alone");
  } else if (auto* c = std::get_if<CreateQuest>(&command)) {
    expect(aiworld_quest_posted(c->quest_id) == c->open, c->open ? "on the quest board" : "off the quest board");
  }
  return row;
}

}  // namespace

bool aiworld_selftest_start(map_session_data* gm, std::string& why) {
  Bridge* bridge = aiworld_bridge();
  if (bridge == nullptr) return why = "the bridge is not running", false;
  if (g_run) return why = "self-test " + g_run->id + " is still running", false;
  g_run = std::make_unique<Run>();
  char id[16];
  safesnprintf(id, sizeof(id), "%08x", static_cast<unsigned>(gettick() ^ (gm->status.char_id << 8)));
  g_run->id = id;
  g_run->gm_char_id = gm->status.char_id;
  g_run->m = gm->m;
  g_run->map = map_getmapdata(gm->m)->name;
  g_run->started = gettick();
  g_run->monsters_before = aiworld_monster_count(gm->m, kMonster);
  g_run->items_before = aiworld_inventory_count(gm, kItem);
  g_run->price_before = aiworld_price(kItem);
  char buf[32];
  safestrncpy(buf, kFlag, sizeof(buf));
  g_run->flag_before = map_getmapflag(gm->m, map_getmapflag_by_name(buf)) != 0;
  g_run->quest_id = 2147000000 + static_cast<int>(gettick() % 400000);
  g_run->spooled_before = bridge->stats().spooled;
  for (const auto& type : commandActionTypes()) g_run->rows[type] = Row{};
  g_run->rows["events"] = Row{};

  for (const auto& type : eventTypes()) bridge->emit(event(type, gm, payloadFor(type, gm)));
  GameEvent ask = event("custom", gm, {{"kind", "selftest"},
                                       {"run_id", g_run->id},
                                       {"x", gm->x},
                                       {"y", gm->y},
                                       {"monster_id", kMonster},
                                       {"item_id", kItem},
                                       {"flag", kFlag},
                                       {"quest_id", g_run->quest_id}});
  ask.priority = Priority::urgent;
  bridge->emit(std::move(ask));
  static bool registered = false;
  if (!registered) add_timer_func_list(aiworld_selftest_timer, "aiworld_selftest_timer");
  registered = true;
  add_timer(gettick() + 500, aiworld_selftest_timer, 0, 0);
  tell(gm, "aiworld selftest " + g_run->id + ": " + std::to_string(eventTypes().size()) + " events sent, asked Midgard for one action of each type on " + g_run->map + " (up to 30 s)...");
  return true;
}

void aiworld_selftest_observe(const Action& action, const Command& command, const aiworld_result& result) {
  if (!g_run) return;
  const std::string prefix = "selftest:" + g_run->id + ":";
  if (action.action_id.rfind(prefix, 0) != 0) return;
  auto it = g_run->rows.find(action.action_type);
  if (it == g_run->rows.end()) return;
  it->second = check(command, result);
}
