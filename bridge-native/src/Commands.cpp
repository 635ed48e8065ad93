#include "aiworld/Commands.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>

namespace aiworld {

namespace {

using nlohmann::json;

/** Thrown inside this file only: parseAction turns it into a Refusal. */
struct Refused {
  std::string reason;
};

[[noreturn]] void refuse(const std::string& reason) { throw Refused{reason}; }

constexpr std::int64_t kIdMax = 2147483647;

/** The contract's payloads are strict objects: a key it does not name is a mistake on Midgard's side. */
void onlyKeys(const json& o, std::initializer_list<const char*> keys) {
  for (auto it = o.begin(); it != o.end(); ++it) {
    bool known = std::any_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; });
    if (!known) refuse("unknown payload key '" + it.key() + "'");
  }
}

/** zod's int(): a JSON number with no fraction (5.0 counts, as it does in JavaScript). */
std::optional<std::int64_t> asInteger(const json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::int64_t integerValue(const json& v, const std::string& key, std::int64_t min, std::int64_t max) {
  auto n = asInteger(v);
  if (!n) refuse(key + " must be an integer");
  if (*n < min || *n > max) refuse(key + " must be " + std::to_string(min) + ".." + std::to_string(max));
  return *n;
}

std::int64_t integer(const json& o, const char* key, std::int64_t min, std::int64_t max) {
  auto it = o.find(key);
  if (it == o.end()) refuse(std::string("missing ") + key);
  return integerValue(*it, key, min, max);
}

std::optional<std::int64_t> optInteger(const json& o, const char* key, std::int64_t min, std::int64_t max) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  return integerValue(*it, key, min, max);
}

/** Characters as JavaScript's length sees them, near enough: code points (zod counts UTF-16 units). */
std::size_t codePoints(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string textValue(const json& v, const std::string& key, std::size_t min, std::size_t max) {
  if (!v.is_string()) refuse(key + " must be a string");
  std::string s = v.get<std::string>();
  std::size_t n = codePoints(s);
  if (n < min || n > max) refuse(key + " must be " + std::to_string(min) + ".." + std::to_string(max) + " characters");
  return s;
}

std::string text(const json& o, const char* key, std::size_t min, std::size_t max) {
  auto it = o.find(key);
  if (it == o.end()) refuse(std::string("missing ") + key);
  return textValue(*it, key, min, max);
}

std::optional<std::string> optText(const json& o, const char* key, std::size_t min, std::size_t max) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  return textValue(*it, key, min, max);
}

bool allOf(const std::string& s, const char* allowed) { return s.find_first_not_of(allowed) == std::string::npos; }

const char* const kMapChars = "abcdefghijklmnopqrstuvwxyz0123456789_@-";

std::string mapNameValue(const json& v, const std::string& key) {
  std::string s = textValue(v, key, 1, kMapNameMax);
  if (!allOf(s, kMapChars)) refuse(key + " '" + s + "': map names are lower-case letters, digits, _ @ -");
  return s;
}

std::string mapName(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) refuse(std::string("missing ") + key);
  return mapNameValue(*it, key);
}

/**
 * An NPC name rAthena can register as it is: at most 24 bytes (the server truncates longer ones, and then
 * move/remove by name would miss), no quotes, backslashes or newlines, and no `::` (rAthena's separator of
 * display name and unique name).
 */
std::string npcName(const json& o, const char* key) {
  std::string s = text(o, key, 1, kNpcNameMax);
  if (s.size() > kNpcNameMax) refuse(std::string(key) + " '" + s + "' is longer than 24 bytes");
  if (s.find_first_of("\"\\\n\r") != std::string::npos) refuse(std::string(key) + " carries a quote, backslash or newline");
  if (s.find("::") != std::string::npos) refuse(std::string(key) + " must not contain '::'");
  return s;
}

int cell(const json& o, const char* key) { return static_cast<int>(integer(o, key, 0, 1023)); }
int positiveId(const json& o, const char* key) { return static_cast<int>(integer(o, key, 1, kIdMax)); }

SpawnMonster spawnMonster(const json& p) {
  onlyKeys(p, {"map", "x", "y", "monster_id", "amount"});
  SpawnMonster c;
  c.map = mapName(p, "map");
  c.x = cell(p, "x");
  c.y = cell(p, "y");
  c.monster_id = positiveId(p, "monster_id");
  c.amount = static_cast<int>(integer(p, "amount", 1, 50));
  return c;
}

SpawnNpc spawnNpc(const json& p) {
  onlyKeys(p, {"map", "x", "y", "npc_name", "script", "sprite", "dir", "data"});
  SpawnNpc c;
  c.map = mapName(p, "map");
  c.x = cell(p, "x");
  c.y = cell(p, "y");
  c.npc_name = npcName(p, "npc_name");
  c.script = text(p, "script", 1, 24);
  if (auto s = optInteger(p, "sprite", -1, 32767)) c.sprite = static_cast<int>(*s);
  if (auto d = optInteger(p, "dir", 0, 7)) c.dir = static_cast<int>(*d);
  if (auto it = p.find("data"); it != p.end()) {
    if (!it->is_object()) refuse("data must be an object");
    for (auto kv = it->begin(); kv != it->end(); ++kv) {
      const std::string& k = kv.key();
      bool ok = !k.empty() && k.size() <= 24 && k[0] >= 'a' && k[0] <= 'z' && allOf(k, "abcdefghijklmnopqrstuvwxyz0123456789_");
      if (!ok) refuse("data key '" + k + "': lower-case letters, digits and _, starting with a letter, at most 24");
      if (kv->is_string()) {
        c.data.emplace_back(k, textValue(*kv, "data." + k, 0, 64));
      } else {
        auto n = asInteger(*kv);
        if (!n) refuse("data." + k + " must be an integer or a string");
        c.data.emplace_back(k, *n);
      }
    }
  }
  return c;
}

MoveNpc moveNpc(const json& p) {
  onlyKeys(p, {"map", "npc_name", "x", "y"});
  return {mapName(p, "map"), npcName(p, "npc_name"), cell(p, "x"), cell(p, "y")};
}

RemoveNpc removeNpc(const json& p) {
  onlyKeys(p, {"map", "npc_name"});
  return {mapName(p, "map"), npcName(p, "npc_name")};
}

GiveReward giveReward(const json& p) {
  onlyKeys(p, {"player_id", "item_id", "quantity", "zeny", "base_exp", "job_exp", "source", "source_event"});
  GiveReward c;
  c.player_id = integer(p, "player_id", 1, kIdMax);
  c.item_id = static_cast<int>(integer(p, "item_id", 0, kIdMax));
  c.quantity = static_cast<int>(integer(p, "quantity", 0, 30000));
  c.zeny = integer(p, "zeny", 0, 1000000000);
  c.base_exp = integer(p, "base_exp", 0, 2000000000);
  c.job_exp = integer(p, "job_exp", 0, 2000000000);
  c.source = text(p, "source", 1, 32);
  c.source_event = text(p, "source_event", 1, 120);
  if (c.quantity == 0) c.item_id = 0;  // an item with quantity 0 is no item
  if (c.item_id == 0 && c.zeny == 0 && c.base_exp == 0 && c.job_exp == 0) refuse("nothing to give");
  return c;
}

BroadcastMessage broadcastMessage(const Action& a, const json& p) {
  onlyKeys(p, {"message"});
  BroadcastMessage c;
  c.message = text(p, "message", 1, 255);
  if (!a.target_map.empty()) c.target_map = mapNameValue(json(a.target_map), "target_map");
  if (a.target_player_id) {
    if (*a.target_player_id < 1 || *a.target_player_id > kIdMax) refuse("target_player_id must be 1.." + std::to_string(kIdMax));
    c.target_player_id = a.target_player_id;
  }
  return c;
}

CreateQuest createQuest(const json& p) {
  onlyKeys(p, {"quest_id", "state", "title", "map", "monster_id", "count"});
  CreateQuest c;
  c.quest_id = positiveId(p, "quest_id");
  std::string state = text(p, "state", 1, 6);
  if (state != "open" && state != "closed") refuse("state must be open or closed");
  c.open = state == "open";
  c.title = optText(p, "title", 1, 100).value_or("");
  if (p.contains("map")) c.map = mapName(p, "map");
  c.monster_id = static_cast<int>(optInteger(p, "monster_id", 1, kIdMax).value_or(0));
  c.count = static_cast<int>(optInteger(p, "count", 1, 500).value_or(0));
  return c;
}

SetMapFlag setMapFlag(const json& p) {
  onlyKeys(p, {"map", "flag", "value"});
  SetMapFlag c;
  c.map = mapName(p, "map");
  c.flag = text(p, "flag", 1, 32);
  if (!allOf(c.flag, "abcdefghijklmnopqrstuvwxyz0123456789_")) refuse("flag '" + c.flag + "': lower-case letters, digits and _");
  auto it = p.find("value");
  if (it == p.end()) refuse("missing value");
  const auto& rates = rateMapFlags();
  bool isRate = std::find(rates.begin(), rates.end(), c.flag) != rates.end();
  if (it->is_boolean()) {
    c.on = it->get<bool>();
    // `bexp: true` says nothing about the rate; `false` turns the rate off (back to the server's rate).
    if (isRate && c.on) refuse("map flag '" + c.flag + "' takes a rate (percent), not true");
  } else {
    int value = static_cast<int>(integerValue(*it, "value", 0, 10000));
    if (isRate) {
      c.rate = value;
      c.on = value > 0;
    } else {
      c.on = value != 0;  // an on/off flag given as 0/1
    }
  }
  return c;
}

UpdateEconomy updateEconomy(const json& p) {
  onlyKeys(p, {"prices"});
  auto it = p.find("prices");
  if (it == p.end() || !it->is_array()) refuse("prices must be an array");
  if (it->empty() || it->size() > 200) refuse("prices must hold 1..200 entries");
  UpdateEconomy c;
  for (const auto& entry : *it) {
    if (!entry.is_object()) refuse("each price must be an object {item_id, price}");
    onlyKeys(entry, {"item_id", "price"});
    c.prices.push_back({positiveId(entry, "item_id"), static_cast<int>(integer(entry, "price", 1, 1000000000))});
  }
  return c;
}

}  // namespace

const std::vector<std::string>& commandActionTypes() {
  static const std::vector<std::string> types = {"spawn_monster",     "spawn_npc",    "move_npc",     "remove_npc",    "give_reward",
                                                 "broadcast_message", "create_quest", "set_map_flag", "update_economy"};
  return types;
}

const std::vector<std::string>& rateMapFlags() {
  static const std::vector<std::string> flags = {"bexp", "jexp"};
  return flags;
}

Command parseAction(const Action& a) {
  try {
    const json& p = a.payload;
    if (!p.is_object()) refuse("payload must be an object");
    const std::string& t = a.action_type;
    if (t == "spawn_monster") return spawnMonster(p);
    if (t == "spawn_npc") return spawnNpc(p);
    if (t == "move_npc") return moveNpc(p);
    if (t == "remove_npc") return removeNpc(p);
    if (t == "give_reward") return giveReward(p);
    if (t == "broadcast_message") return broadcastMessage(a, p);
    if (t == "create_quest") return createQuest(p);
    if (t == "set_map_flag") return setMapFlag(p);
    if (t == "update_economy") return updateEconomy(p);
    return Refusal{"unsupported action_type '" + t + "'"};
  } catch (const Refused& r) {
    return Refusal{a.action_type + ": " + r.reason};
  } catch (const std::exception& e) {  // a json type error must never reach the game
    return Refusal{a.action_type + ": bad payload: " + e.what()};
  }
}

}  // namespace aiworld
