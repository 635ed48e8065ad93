// Midgard bridge glue: starts the core bridge inside map-server and runs Midgard's actions with real
// rAthena calls on the main thread. Copy to src/map/aiworld.cpp (see bridge-native/README.md).
//
// Threading: the core's two I/O threads never touch rAthena. Everything here runs on the map-server's
// main thread, either from a script command or from aiworld_action_timer.

// The core first: rAthena's headers define macros (malloc, min, max...) that must not reach json/httplib.
#include <aiworld/Bridge.hpp>
#include <aiworld/Config.hpp>

#include "aiworld.hpp"

#include <memory>
#include <set>
#include <string>

#include <common/showmsg.hpp>
#include <common/strlib.hpp>
#include <common/timer.hpp>

#include "clif.hpp"
#include "intif.hpp"
#include "itemdb.hpp"
#include "log.hpp"
#include "map.hpp"
#include "mapreg.hpp"
#include "mob.hpp"
#include "npc.hpp"
#include "pc.hpp"
#include "quest.hpp"
#include "script.hpp"

using nlohmann::json;

namespace {

// Destroyed at process exit, after do_final: stop() then writes unsent events to the dead-letter file.
std::unique_ptr<aiworld::Bridge> g_bridge;
// NPCs this bridge created: remove_npc may only unload these, never a hand-written server NPC.
std::set<std::string> g_spawned_npcs;

struct Result {
  bool ok;
  std::string message;
};

Result fail(const std::string& why) { return {false, why}; }

int64_t num(const json& payload, const char* key, int64_t fallback) {
  auto it = payload.find(key);
  if (it == payload.end() || !it->is_number()) return fallback;
  return it->get<int64_t>();
}

std::string str(const json& payload, const char* key, const std::string& fallback = "") {
  auto it = payload.find(key);
  if (it == payload.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

/** The map an action names: payload.map, else target_map. */
int16 action_map(const aiworld::Action& a, std::string& name) {
  name = str(a.payload, "map", a.target_map);
  return name.empty() ? -1 : map_mapname2mapid(name.c_str());
}

map_session_data* action_player(const aiworld::Action& a) {
  int64_t char_id = num(a.payload, "player_id", a.target_player_id.value_or(0));
  return char_id > 0 ? map_charid2sd(static_cast<int32>(char_id)) : nullptr;
}

Result spawn_monster(const aiworld::Action& a) {
  std::string map;
  int16 m = action_map(a, map);
  if (m < 0) return fail("unknown map '" + map + "'");
  int32 mob_id = static_cast<int32>(num(a.payload, "monster_id", 0));
  if (mobdb_checkid(mob_id) == 0) return fail("unknown monster_id " + std::to_string(mob_id));
  int32 amount = static_cast<int32>(num(a.payload, "amount", 1));
  if (amount < 1 || amount > 100) return fail("amount must be 1..100");
  // x/y of 0 let rAthena pick a random free cell, as the `monster` script command does.
  int16 x = static_cast<int16>(num(a.payload, "x", 0)), y = static_cast<int16>(num(a.payload, "y", 0));
  std::string event = str(a.payload, "event");
  int32 last = mob_once_spawn(nullptr, m, x, y, "--ja--", mob_id, amount, event.c_str(), SZ_SMALL, AI_NONE);
  if (last == 0) return fail("mob_once_spawn failed");
  return {true, "spawned " + std::to_string(amount) + " x " + std::to_string(mob_id) + " on " + map};
}

Result spawn_npc(const aiworld::Action& a) {
  std::string map;
  int16 m = action_map(a, map);
  if (m < 0) return fail("unknown map '" + map + "'");
  // A script cannot be compiled from a string at run time without reloading the map-server, so
  // `script` names an existing template NPC (e.g. one in npc/custom/aiworld.txt) whose script runs.
  std::string tmpl = str(a.payload, "script", "aiworld_template");
  npc_data* source = npc_name2id(tmpl.c_str());
  if (source == nullptr) return fail("template NPC '" + tmpl + "' not found");
  map_data* md = map_getmapdata(m);
  int16 x = static_cast<int16>(num(a.payload, "x", -1)), y = static_cast<int16>(num(a.payload, "y", -1));
  if (x < 0 || y < 0 || x >= md->xs || y >= md->ys) return fail("x/y out of bounds for " + map);
  std::string display = str(a.payload, "npc_name", source->name);
  if (display.size() > NPC_NAME_LENGTH) return fail("npc_name longer than " + std::to_string(NPC_NAME_LENGTH));
  char name[NPC_NAME_LENGTH + 1];
  safestrncpy(name, display.c_str(), sizeof(name));
  int32 sprite = static_cast<int32>(num(a.payload, "sprite", source->class_));
  uint8 dir = static_cast<uint8>(num(a.payload, "dir", source->ud.dir));
  npc_data* dnd = npc_duplicate_npc(*source, name, m, x, y, sprite, dir, source->u.scr.xs, source->u.scr.ys);
  if (dnd == nullptr) return fail("npc_duplicate_npc failed");
  g_spawned_npcs.insert(dnd->exname);
  // The unique name is what move_npc / remove_npc must use later.
  return {true, std::string("spawned npc ") + dnd->exname};
}

Result give_reward(const aiworld::Action& a) {
  map_session_data* sd = action_player(a);
  if (sd == nullptr) return fail("player offline");
  std::string done;
  int32 item_id = static_cast<int32>(num(a.payload, "item_id", 0));
  if (item_id > 0) {
    if (!item_db.exists(item_id)) return fail("unknown item_id " + std::to_string(item_id));
    int32 quantity = static_cast<int32>(num(a.payload, "quantity", 1));
    if (quantity < 1 || quantity > MAX_AMOUNT) return fail("quantity out of range");
    item it{};
    it.nameid = item_id;
    it.identify = 1;
    if (pc_additem(sd, &it, quantity, LOG_TYPE_SCRIPT) != ADDITEM_SUCCESS) return fail("inventory full or overweight");
    done += "item " + std::to_string(item_id) + " x" + std::to_string(quantity) + " ";
  }
  int64_t zeny = num(a.payload, "zeny", 0);
  if (zeny > 0) {
    if (zeny > MAX_ZENY) return fail("zeny out of range");
    pc_getzeny(sd, static_cast<int32>(zeny), LOG_TYPE_SCRIPT);
    done += "zeny " + std::to_string(zeny) + " ";
  }
  t_exp base = static_cast<t_exp>(num(a.payload, "base_exp", 0)), job = static_cast<t_exp>(num(a.payload, "job_exp", 0));
  if (base > 0 || job > 0) {
    pc_gainexp(sd, nullptr, base, job, 0);
    done += "exp " + std::to_string(base) + "/" + std::to_string(job) + " ";
  }
  if (done.empty()) return fail("nothing to give");
  return {true, "gave " + done + "to " + std::to_string(sd->status.char_id)};
}

int32 broadcast_sub(block_list* bl, va_list ap) {
  const std::string* msg = va_arg(ap, const std::string*);
  clif_broadcast(bl, msg->c_str(), msg->size() + 1, BC_DEFAULT, SELF);
  return 1;
}

Result broadcast_message(const aiworld::Action& a) {
  std::string msg = str(a.payload, "message");
  if (msg.empty() || msg.size() > 255) return fail("message must be 1..255 characters");
  std::string map;
  int16 m = action_map(a, map);
  if (!map.empty() && m < 0) return fail("unknown map '" + map + "'");
  if (m >= 0) {
    int32 n = map_foreachinmap(broadcast_sub, m, BL_PC, &msg);
    return {true, "broadcast to " + std::to_string(n) + " players on " + map};
  }
  // Reaches this map-server's players at once and, through the char-server, the other map-servers'.
  intif_broadcast(msg.c_str(), msg.size() + 1, BC_DEFAULT);
  return {true, "broadcast to all (" + std::to_string(map_usercount()) + " players on this map-server)"};
}

Result set_map_flag(const aiworld::Action& a) {
  std::string map;
  int16 m = action_map(a, map);
  if (m < 0) return fail("unknown map '" + map + "'");
  std::string flag = str(a.payload, "flag");
  char buf[64];
  safestrncpy(buf, flag.c_str(), sizeof(buf));
  e_mapflag mf = map_getmapflag_by_name(buf);
  if (flag.empty() || mf == MF_INVALID) return fail("unknown map flag '" + flag + "'");
  bool on = a.payload.value("value", true);
  if (!map_setmapflag(m, mf, on)) return fail("map flag '" + flag + "' needs arguments; not supported");
  return {true, "mapflag " + flag + (on ? " on " : " off ") + map};
}

npc_data* spawned_npc(const aiworld::Action& a, Result& error) {
  std::string name = str(a.payload, "npc_name");
  npc_data* nd = name.empty() ? nullptr : npc_name2id(name.c_str());
  if (nd == nullptr) error = fail("npc '" + name + "' not found");
  return nd;
}

Result move_npc(const aiworld::Action& a) {
  Result error{false, ""};
  npc_data* nd = spawned_npc(a, error);
  if (nd == nullptr) return error;
  std::string map = str(a.payload, "map");
  if (!map.empty() && map_mapname2mapid(map.c_str()) != nd->m) return fail("moving an NPC to another map is not supported");
  map_data* md = map_getmapdata(nd->m);
  int16 x = static_cast<int16>(num(a.payload, "x", -1)), y = static_cast<int16>(num(a.payload, "y", -1));
  if (md == nullptr || x < 0 || y < 0 || x >= md->xs || y >= md->ys) return fail("x/y out of bounds");
  if (!npc_movenpc(nd, x, y)) return fail("npc_movenpc refused");
  return {true, std::string("moved ") + nd->exname + " to " + std::to_string(x) + "," + std::to_string(y)};
}

Result remove_npc(const aiworld::Action& a) {
  Result error{false, ""};
  npc_data* nd = spawned_npc(a, error);
  if (nd == nullptr) return error;
  std::string exname = nd->exname;
  if (!g_spawned_npcs.count(exname)) return fail("npc '" + exname + "' was not spawned by aiworld");
  npc_unload_duplicates(nd);
  npc_unload(nd, true);
  npc_read_event_script();
  g_spawned_npcs.erase(exname);
  return {true, "removed " + exname};
}

Result create_quest(const aiworld::Action& a) {
  map_session_data* sd = action_player(a);
  if (sd == nullptr) return fail("player offline");
  int32 quest_id = static_cast<int32>(num(a.payload, "quest_id", 0));
  if (quest_add(sd, quest_id) != 0) return fail("quest_add failed for quest " + std::to_string(quest_id));
  return {true, "quest " + std::to_string(quest_id) + " given to " + std::to_string(sd->status.char_id)};
}

Result update_economy(const aiworld::Action& a) {
  // Midgard's economy actor publishes numbers (price factors, tax rates); shops read them from permanent
  // global variables $aiworld_<key>, and aiworld::OnEconomy lets scripts react at once.
  const json* values = a.payload.contains("values") ? &a.payload["values"] : &a.payload;
  if (!values->is_object() || values->empty()) return fail("payload.values must be an object of integers");
  int n = 0;
  for (auto& [key, value] : values->items()) {
    bool safe = !key.empty() && key.size() <= 24 && key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
    if (!safe || !value.is_number_integer()) return fail("bad economy key or value '" + key + "'");
  }
  for (auto& [key, value] : values->items()) {
    std::string var = "$aiworld_" + key;
    mapreg_setreg(reference_uid(add_str(var.c_str()), 0), value.get<int64_t>());
    ++n;
  }
  npc_event_do("aiworld::OnEconomy");
  return {true, "set " + std::to_string(n) + " economy values"};
}

Result run_action(const aiworld::Action& a) {
  try {
    if (a.action_type == "spawn_monster") return spawn_monster(a);
    if (a.action_type == "spawn_npc") return spawn_npc(a);
    if (a.action_type == "give_reward") return give_reward(a);
    if (a.action_type == "broadcast_message") return broadcast_message(a);
    if (a.action_type == "set_map_flag") return set_map_flag(a);
    if (a.action_type == "move_npc") return move_npc(a);
    if (a.action_type == "remove_npc") return remove_npc(a);
    if (a.action_type == "create_quest") return create_quest(a);
    if (a.action_type == "update_economy") return update_economy(a);
    return fail("unsupported action_type " + a.action_type);
  } catch (const std::exception& e) {  // json type errors in a payload must never take the server down
    return fail(std::string("bad payload: ") + e.what());
  }
}

TIMER_FUNC(aiworld_action_timer) {
  if (!g_bridge) return 0;
  for (auto& action : g_bridge->takeActions(g_bridge->config().actions_per_tick)) {
    Result r = run_action(action);
    if (!r.ok) ShowWarning("aiworld: action %s (%s) failed: %s\n", action.action_id.c_str(), action.action_type.c_str(), r.message.c_str());
    g_bridge->complete(action.action_id, r.ok, r.message);
  }
  return 0;
}

}  // namespace

int aiworld_start(const char* conf_path, std::string& error) {
  if (g_bridge) return 2;
  aiworld::Config config;
  auto errors = aiworld::loadConfigFile(conf_path, config);
  if (!errors.empty()) {
    error = conf_path + std::string(": ") + errors.front();
    return 0;
  }
  if (!config.enabled) {
    error = "disabled in " + std::string(conf_path);
    return 0;
  }
  g_bridge = std::make_unique<aiworld::Bridge>(config);
  g_bridge->start();
  if (config.loadevent_all_maps) {
    // OnPCLoadMapEvent only fires on maps with the loadevent flag; map_change events need it everywhere.
    for (int32 m = 0; m < map_num; ++m) map_setmapflag(m, MF_LOADEVENT, true);
  }
  add_timer_func_list(aiworld_action_timer, "aiworld_action_timer");
  int32 interval = static_cast<int32>(config.action_interval.count());
  add_timer_interval(gettick() + interval, aiworld_action_timer, 0, 0, interval);
  ShowStatus("aiworld: bridge to '%s' started (batch %zu, stream %s).\n", config.url.c_str(), config.batch_size,
             config.use_stream ? "on" : "off");
  return 1;
}

bool aiworld_running() { return g_bridge != nullptr; }

bool aiworld_emit_event(const char* event_type, const char* priority, int64_t char_id, const char* map,
                        const std::vector<aiworld_field>& payload) {
  if (!g_bridge) return false;
  auto p = aiworld::parsePriority(priority ? priority : "normal");
  if (event_type == nullptr || *event_type == '\0' || !p) {
    ShowWarning("aiworld_emit: bad event type or priority ('%s', '%s')\n", event_type ? event_type : "", priority ? priority : "");
    return false;
  }
  if (!aiworld::isKnownEventType(event_type))
    ShowInfo("aiworld_emit: '%s' is not a contract event type; Midgard treats it as custom.\n", event_type);
  aiworld::GameEvent e;
  e.event_type = event_type;
  e.priority = *p;
  e.player_id = char_id;
  e.map = map ? map : "";
  for (const auto& f : payload) {
    if (f.is_number) e.payload[f.key] = f.number;
    else e.payload[f.key] = f.text;
  }
  g_bridge->emit(std::move(e));
  return true;
}

void aiworld_request_replay() {
  if (g_bridge) g_bridge->replayDeadLetters();
}

std::string aiworld_status_line() {
  if (!g_bridge) return "aiworld: not running";
  auto s = g_bridge->stats();
  char buf[256];
  safesnprintf(buf, sizeof(buf),
               "aiworld: sent %llu, dead-letter file %zu, buffered %zu, breaker %s, stream %s, actions %llu (dup %llu)",
               (unsigned long long)s.delivered, s.deadLetterFileEvents, s.buffered, s.breaker,
               s.streamConnected ? "up" : "down", (unsigned long long)s.actionsReceived,
               (unsigned long long)s.actionsDuplicate);
  return buf;
}
