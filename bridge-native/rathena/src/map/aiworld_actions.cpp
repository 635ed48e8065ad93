// Midgard bridge glue: runs the typed commands (aiworld/Commands.hpp) with real rAthena calls, on the main
// thread. Every payload was checked by parseAction already; what is left to check here is what only the
// running server knows (is the map loaded, the monster known, the player online, the name free).
// Copy to src/map/ with the other aiworld*.cpp (see bridge-native/README.md).
#include "aiworld_glue.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <common/showmsg.hpp>
#include <common/strlib.hpp>

#include "clif.hpp"
#include "intif.hpp"
#include "itemdb.hpp"
#include "log.hpp"
#include "map.hpp"
#include "mapreg.hpp"
#include "mob.hpp"
#include "npc.hpp"
#include "pc.hpp"
#include "script.hpp"

// npc.cpp's parser for `duplicate(...)` lines: not in npc.hpp, but not static either. Through it the copy is
// registered under a unique name of our choosing ("<display>::<unique>"), which npc_duplicate_npc does not allow.
const char* npc_parse_duplicate(char* w1, char* w2, char* w3, char* w4, const char* start, const char* buffer,
                                const char* filepath, map_session_data* owner);

using namespace aiworld;

namespace {

/** An NPC spawn_npc made: its template and the data its script reads with aiworld_npcdata. */
struct Spawned {
  std::string script;
  std::map<std::string, NpcDataValue> data;
};
/** By npc_name (= its unique name). remove_npc may only unload these, never a hand-written server NPC. */
std::map<std::string, Spawned> g_spawned;

/** A template's sprite when spawn_npc names none: contract/templates.ts (a test keeps the two in step). */
const std::map<std::string, int> kTemplateSprites = {
    {"midgard_treasure", 1324}, {"midgard_digsite", 557}, {"midgard_caravan", 58},
    {"midgard_dynamic", 97},    {"midgard_questboard", 857},
};

aiworld_result fail(const std::string& why) { return {false, why}; }

int16 loaded_map(const std::string& name) { return map_mapname2mapid(name.c_str()); }

bool in_bounds(int16 m, int x, int y) {
  map_data* md = map_getmapdata(m);
  return md != nullptr && x >= 0 && y >= 0 && x < md->xs && y < md->ys;
}

bool is_template(const npc_data* nd) {
  return nd != nullptr && (strncmp(nd->exname, "midgard_", 8) == 0 || strcmp(nd->exname, "aiworld_template") == 0);
}

aiworld_result run(const SpawnMonster& c) {
  int16 m = loaded_map(c.map);
  if (m < 0) return fail("map '" + c.map + "' is not loaded");
  if (mobdb_checkid(c.monster_id) == 0) return fail("unknown monster_id " + std::to_string(c.monster_id));
  if ((c.x != 0 || c.y != 0) && !in_bounds(m, c.x, c.y)) return fail("x/y out of bounds for " + c.map);
  // x/y of 0 let rAthena pick a random free cell, as the `monster` script command does.
  int32 last = mob_once_spawn(nullptr, m, static_cast<int16>(c.x), static_cast<int16>(c.y), "--ja--", c.monster_id,
                              c.amount, "", SZ_SMALL, AI_NONE);
  if (last == 0) return fail("mob_once_spawn failed");
  return {true, "spawned " + std::to_string(c.amount) + " x " + std::to_string(c.monster_id) + " on " + c.map};
}

aiworld_result run(const SpawnNpc& c) {
  int16 m = loaded_map(c.map);
  if (m < 0) return fail("map '" + c.map + "' is not loaded");
  if (!in_bounds(m, c.x, c.y)) return fail("x/y out of bounds for " + c.map);
  npc_data* source = npc_name2id(c.script.c_str());
  if (!is_template(source)) return fail("template NPC '" + c.script + "' not found (load npc/custom/aiworld.txt)");
  if (npc_name2id(c.npc_name.c_str()) != nullptr) return fail("an NPC named '" + c.npc_name + "' exists already");
  int sprite = c.sprite.value_or(0);
  if (!c.sprite) {
    auto it = kTemplateSprites.find(c.script);
    sprite = it != kTemplateSprites.end() ? it->second : source->class_;
  }
  // A script cannot be compiled from a string at run time without reloading scripts, so the template's code
  // runs under the copy's own name; the data goes in first so the copy's OnInit can read it.
  Spawned entry{c.script, {}};
  for (const auto& [key, value] : c.data) entry.data[key] = value;
  g_spawned[c.npc_name] = entry;
  char w1[128], w2[128], w3[128], w4[64];
  safesnprintf(w1, sizeof(w1), "%s,%d,%d,%d", c.map.c_str(), c.x, c.y, c.dir.value_or(4));
  safesnprintf(w2, sizeof(w2), "duplicate(%s)", source->exname);
  safesnprintf(w3, sizeof(w3), "%s::%s", c.npc_name.c_str(), c.npc_name.c_str());
  safesnprintf(w4, sizeof(w4), "%d", sprite);
  static const char stat_buf[] = "- aiworld spawn_npc -\n";
  npc_parse_duplicate(w1, w2, w3, w4, stat_buf, stat_buf, "AIWORLD", nullptr);
  npc_data* dnd = npc_name2id(c.npc_name.c_str());
  if (dnd == nullptr || dnd->m != m) {
    g_spawned.erase(c.npc_name);
    return fail("npc_parse_duplicate did not place '" + c.npc_name + "'");
  }
  std::string init = c.npc_name + "::" + script_config.init_event_name;
  npc_event_do(init.c_str());
  return {true, "spawned npc '" + c.npc_name + "' (" + c.script + ") on " + c.map};
}

npc_data* spawned_npc(const std::string& name, const std::string& map, aiworld_result& error) {
  npc_data* nd = npc_name2id(name.c_str());
  if (nd == nullptr || !g_spawned.count(name)) {
    error = fail("npc '" + name + "' was not spawned by aiworld (or is gone)");
    return nullptr;
  }
  if (nd->m != loaded_map(map)) {
    error = fail("npc '" + name + "' is not on " + map);
    return nullptr;
  }
  return nd;
}

aiworld_result run(const MoveNpc& c) {
  aiworld_result error{false, ""};
  npc_data* nd = spawned_npc(c.npc_name, c.map, error);
  if (nd == nullptr) return error;
  if (!in_bounds(nd->m, c.x, c.y)) return fail("x/y out of bounds for " + c.map);
  if (!npc_movenpc(nd, static_cast<int16>(c.x), static_cast<int16>(c.y))) return fail("npc_movenpc refused");
  return {true, "moved '" + c.npc_name + "' to " + std::to_string(c.x) + "," + std::to_string(c.y)};
}

aiworld_result run(const RemoveNpc& c) {
  aiworld_result error{false, ""};
  npc_data* nd = spawned_npc(c.npc_name, c.map, error);
  if (nd == nullptr) return error;
  npc_unload_duplicates(nd);
  npc_unload(nd, true);
  npc_read_event_script();
  g_spawned.erase(c.npc_name);
  return {true, "removed '" + c.npc_name + "'"};
}

aiworld_result run(const GiveReward& c) {
  map_session_data* sd = map_charid2sd(static_cast<int32>(c.player_id));
  if (sd == nullptr) return fail("player " + std::to_string(c.player_id) + " offline");
  if (c.item_id > 0 && !item_db.exists(c.item_id)) return fail("unknown item_id " + std::to_string(c.item_id));
  std::string done;
  if (c.item_id > 0) {
    item it{};
    it.nameid = c.item_id;
    it.identify = 1;
    if (pc_additem(sd, &it, c.quantity, LOG_TYPE_SCRIPT) != ADDITEM_SUCCESS) return fail("inventory full or overweight");
    done += "item " + std::to_string(c.item_id) + " x" + std::to_string(c.quantity) + " ";
  }
  if (c.zeny > 0) {
    pc_getzeny(sd, static_cast<int32>(c.zeny), LOG_TYPE_SCRIPT);
    done += "zeny " + std::to_string(c.zeny) + " ";
  }
  if (c.base_exp > 0 || c.job_exp > 0) {
    pc_gainexp(sd, nullptr, static_cast<t_exp>(c.base_exp), static_cast<t_exp>(c.job_exp), 0);
    done += "exp " + std::to_string(c.base_exp) + "/" + std::to_string(c.job_exp) + " ";
  }
  return {true, "gave " + done + "to " + std::to_string(c.player_id) + " (" + c.source + ")"};
}

int32 broadcast_sub(block_list* bl, va_list ap) {
  const std::string* msg = va_arg(ap, const std::string*);
  clif_broadcast(bl, msg->c_str(), msg->size() + 1, BC_DEFAULT, SELF);
  return 1;
}

aiworld_result run(const BroadcastMessage& c) {
  if (c.target_player_id) {
    // A personal message: that player alone, wherever they are (target_map only says where Midgard thought).
    map_session_data* sd = map_charid2sd(static_cast<int32>(*c.target_player_id));
    if (sd == nullptr) return fail("player " + std::to_string(*c.target_player_id) + " offline");
    clif_broadcast(sd, c.message.c_str(), c.message.size() + 1, BC_DEFAULT, SELF);
    return {true, "told 1 player (" + std::to_string(*c.target_player_id) + ")"};
  }
  if (!c.target_map.empty()) {
    int16 m = loaded_map(c.target_map);
    if (m < 0) return fail("map '" + c.target_map + "' is not loaded");
    int32 n = map_foreachinmap(broadcast_sub, m, BL_PC, &c.message);
    return {true, "told " + std::to_string(n) + " players on " + c.target_map};
  }
  // Reaches this map-server's players at once and, through the char-server, the other map-servers'.
  intif_broadcast(c.message.c_str(), c.message.size() + 1, BC_DEFAULT);
  return {true, "broadcast to all (" + std::to_string(map_usercount()) + " players on this map-server)"};
}

aiworld_result run(const CreateQuest& c) {
  if (!c.map.empty() && loaded_map(c.map) < 0) return fail("map '" + c.map + "' is not loaded");
  if (c.monster_id > 0 && mobdb_checkid(c.monster_id) == 0) return fail("unknown monster_id " + std::to_string(c.monster_id));
  aiworld_quest_board_set(c);
  npc_event_do("aiworld::OnQuestBoard");
  return {true, std::string(c.open ? "posted" : "took down") + " world quest " + std::to_string(c.quest_id)};
}

const char* const kWeatherFlags[] = {"snow", "fog", "clouds", "clouds2", "sakura", "leaves", "fireworks", "rain"};

aiworld_result run(const SetMapFlag& c) {
  int16 m = loaded_map(c.map);
  if (m < 0) return fail("map '" + c.map + "' is not loaded");
  char buf[64];
  safestrncpy(buf, c.flag.c_str(), sizeof(buf));
  e_mapflag mf = map_getmapflag_by_name(buf);
  if (mf == MF_INVALID) return fail("'" + c.flag + "' is not an rAthena map flag");
  bool ok;
  if (c.rate) {
    union u_mapflag_args args = {};
    args.flag_val = *c.rate;
    ok = map_setmapflag_sub(m, mf, c.on, &args);
  } else {
    ok = map_setmapflag(m, mf, c.on);
  }
  if (!ok) return fail("map flag '" + c.flag + "' needs arguments this action cannot give");
  for (const char* w : kWeatherFlags) {
    if (c.flag == w) clif_weather(m);  // players already on the map see the change now, not at their next warp
  }
  return {true, "mapflag " + c.flag + (c.rate ? " " + std::to_string(*c.rate) : std::string(c.on ? " on" : " off")) + " on " + c.map};
}

aiworld_result run(const UpdateEconomy& c) {
  // Shops and scripts read the economy's prices from $aiworld_price[<item_id>] (permanent, kept in SQL);
  // aiworld::OnEconomy lets scripts react at once.
  for (const auto& p : c.prices) aiworld_set_price(p.item_id, p.price);
  npc_event_do("aiworld::OnEconomy");
  return {true, "set " + std::to_string(c.prices.size()) + " prices"};
}

aiworld_result run(const Refusal& r) { return fail(r.reason); }

int64 reg_uid(const char* name, uint32 index) { return reference_uid(add_str(name), index); }

}  // namespace

aiworld_result aiworld_run_command(const Command& command) {
  return std::visit([](const auto& c) { return run(c); }, command);
}

void aiworld_forget_spawned_npcs() { g_spawned.clear(); }

std::vector<std::string> aiworld_template_names() {
  std::vector<std::string> names;
  map_foreachnpc(
      [](npc_data* nd, va_list ap) -> int32 {
        auto* out = va_arg(ap, std::vector<std::string>*);
        if (strncmp(nd->exname, "midgard_", 8) == 0 && nd->src_id == 0) out->push_back(nd->exname);
        return 0;
      },
      &names);
  return names;
}

bool aiworld_npc_data(const char* exname, const char* key, NpcDataValue& out) {
  auto it = g_spawned.find(exname);
  if (it == g_spawned.end()) return false;
  auto kv = it->second.data.find(key);
  if (kv == it->second.data.end()) return false;
  out = kv->second;
  return true;
}

int aiworld_inventory_count(map_session_data* sd, int item_id) {
  int n = 0;
  for (int i = 0; i < MAX_INVENTORY; ++i) {
    if (sd->inventory.u.items_inventory[i].nameid == static_cast<t_itemid>(item_id)) n += sd->inventory.u.items_inventory[i].amount;
  }
  return n;
}

int aiworld_monster_count(int m, int mob_id) {
  return map_foreachinmap(
      [](block_list* bl, va_list ap) -> int32 { return static_cast<mob_data*>(bl)->mob_id == va_arg(ap, int) ? 1 : 0; },
      static_cast<int16>(m), BL_MOB, mob_id);
}

int64_t aiworld_price(int item_id) { return mapreg_readreg(reg_uid("$aiworld_price", static_cast<uint32>(item_id))); }

void aiworld_set_price(int item_id, int64_t price) {
  mapreg_setreg(reg_uid("$aiworld_price", static_cast<uint32>(item_id)), price);
}

// The quest board's list lives in permanent global arrays the board script reads: $aiworld_quest_n entries of
// $aiworld_quest_id[i], $aiworld_quest_title$[i], $aiworld_quest_map$[i], $aiworld_quest_mob[i], $aiworld_quest_count[i].
namespace {
constexpr int kBoardMax = 64;

struct BoardRow {
  int64 id, mob, count;
  std::string title, map;
};

std::vector<BoardRow> read_board() {
  std::vector<BoardRow> rows;
  int64 n = mapreg_readreg(reg_uid("$aiworld_quest_n", 0));
  for (uint32 i = 0; i < static_cast<uint32>(n) && i < kBoardMax; ++i) {
    const char* title = mapreg_readregstr(reg_uid("$aiworld_quest_title$", i));
    const char* map = mapreg_readregstr(reg_uid("$aiworld_quest_map$", i));
    rows.push_back({mapreg_readreg(reg_uid("$aiworld_quest_id", i)), mapreg_readreg(reg_uid("$aiworld_quest_mob", i)),
                    mapreg_readreg(reg_uid("$aiworld_quest_count", i)), title ? title : "", map ? map : ""});
  }
  return rows;
}

void write_board(const std::vector<BoardRow>& rows, size_t previous) {
  for (uint32 i = 0; i < std::max(rows.size(), previous); ++i) {
    bool keep = i < rows.size();
    mapreg_setreg(reg_uid("$aiworld_quest_id", i), keep ? rows[i].id : 0);
    mapreg_setreg(reg_uid("$aiworld_quest_mob", i), keep ? rows[i].mob : 0);
    mapreg_setreg(reg_uid("$aiworld_quest_count", i), keep ? rows[i].count : 0);
    mapreg_setregstr(reg_uid("$aiworld_quest_title$", i), keep ? rows[i].title.c_str() : "");
    mapreg_setregstr(reg_uid("$aiworld_quest_map$", i), keep ? rows[i].map.c_str() : "");
  }
  mapreg_setreg(reg_uid("$aiworld_quest_n", 0), static_cast<int64>(rows.size()));
}
}  // namespace

void aiworld_quest_board_set(const CreateQuest& q) {
  auto rows = read_board();
  size_t before = rows.size();
  auto it = std::find_if(rows.begin(), rows.end(), [&](const BoardRow& r) { return r.id == q.quest_id; });
  if (it != rows.end()) rows.erase(it);
  if (q.open) {
    std::string title = q.title.empty() ? "World quest " + std::to_string(q.quest_id) : q.title;
    // the newest first; past the board's size the oldest posting falls off
    rows.insert(rows.begin(), {q.quest_id, q.monster_id, q.count, title, q.map});
    if (rows.size() > kBoardMax) rows.resize(kBoardMax);
  }
  write_board(rows, before);
}

bool aiworld_quest_posted(int quest_id) {
  for (const auto& r : read_board()) {
    if (r.id == quest_id) return true;
  }
  return false;
}
