// The seam between Midgard's actions and rAthena: every payload becomes a typed command here, or a refusal
// that says why. The glue (rathena/src/map/aiworld.cpp) only runs typed commands, so everything that can be
// wrong with a payload is found, and tested against the golden corpus, without a map-server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "aiworld/Action.hpp"

namespace aiworld {

/** rAthena's NPC_NAME_LENGTH and MAP_NAME_LENGTH - 1: longer names are truncated by the server, so refused here. */
constexpr std::size_t kNpcNameMax = 24;
constexpr std::size_t kMapNameMax = 15;

struct SpawnMonster {
  std::string map;
  int x = 0, y = 0;  // (0, 0): the server picks a free cell
  int monster_id = 0;
  int amount = 1;
};

/** One `data` value of a spawned NPC: what the template script reads back with aiworld_npcdata. */
using NpcDataValue = std::variant<std::int64_t, std::string>;

struct SpawnNpc {
  std::string map;
  int x = 0, y = 0;
  /** Midgard's own name for the NPC; the copy is registered under exactly this unique name (exname). */
  std::string npc_name;
  /** The template NPC to copy (contract/templates.ts). */
  std::string script;
  std::optional<int> sprite;
  std::optional<int> dir;
  std::vector<std::pair<std::string, NpcDataValue>> data;
};

struct MoveNpc {
  std::string map, npc_name;
  int x = 0, y = 0;
};

struct RemoveNpc {
  std::string map, npc_name;
};

struct GiveReward {
  std::int64_t player_id = 0;
  int item_id = 0;  // 0: no item
  int quantity = 0;
  std::int64_t zeny = 0, base_exp = 0, job_exp = 0;
  std::string source, source_event;
};

struct BroadcastMessage {
  std::string message;
  /** Empty: everyone (unless a player is named). */
  std::string target_map;
  /** Set: that player alone; with a target_map too, only while the player is on that map. */
  std::optional<std::int64_t> target_player_id;
};

/** A world quest posted on (open) or taken down from (closed) the quest board NPCs. */
struct CreateQuest {
  int quest_id = 0;
  bool open = true;
  std::string title, map;
  int monster_id = 0, count = 0;  // 0: not given
};

struct SetMapFlag {
  std::string map, flag;
  bool on = true;
  /** Set for the rate flags (bexp, jexp): the percentage; `on` is then rate > 0. */
  std::optional<int> rate;
};

struct ItemPrice {
  int item_id = 0;
  int price = 0;
};

struct UpdateEconomy {
  std::vector<ItemPrice> prices;
};

/** An action the game must not run, with the reason it reports as the failed action's message. */
struct Refusal {
  std::string reason;
};

using Command = std::variant<SpawnMonster, SpawnNpc, MoveNpc, RemoveNpc, GiveReward, BroadcastMessage, CreateQuest,
                             SetMapFlag, UpdateEconomy, Refusal>;

/**
 * Checks an action's payload against the contract (contract/actions.ts: strict objects, the same ranges)
 * and returns the typed command, or a Refusal naming the first problem. Never throws.
 *
 * @example
 *   Command c = parseAction(actionFromJson(json));
 *   if (auto* r = std::get_if<Refusal>(&c)) return fail(r->reason);
 */
Command parseAction(const Action& action);

/** The action types parseAction knows, in contract order (a test compares them with contract/actions.ts). */
const std::vector<std::string>& commandActionTypes();

/** Map flags whose value is a rate (percent) rather than on/off: contract/actions.ts RATE_MAP_FLAGS. */
const std::vector<std::string>& rateMapFlags();

}  // namespace aiworld
