// Internal to the Midgard bridge glue (aiworld*.cpp): what its files share. Include the core first: rAthena's
// headers define macros (malloc, min, max...) that must not reach json/httplib.
#ifndef AIWORLD_GLUE_INTERNAL_HPP
#define AIWORLD_GLUE_INTERNAL_HPP

#include <aiworld/Bridge.hpp>
#include <aiworld/Commands.hpp>

#include <string>
#include <vector>

class map_session_data;

/** What running one command did: the action's completion status and message. */
struct aiworld_result {
  bool ok;
  std::string message;
};

/** The running bridge, or nullptr. */
aiworld::Bridge* aiworld_bridge();

/** Runs one typed command with real rAthena calls (main thread). */
aiworld_result aiworld_run_command(const aiworld::Command& command);

/** @reloadscript unloaded every NPC, duplicates included: forget the ones spawn_npc made. */
void aiworld_forget_spawned_npcs();

/** The template NPCs the loaded scripts define (exname midgard_*), for the capabilities handshake. */
std::vector<std::string> aiworld_template_names();

/** A value of the `data` spawn_npc gave NPC `exname`; false when it has none under `key`. */
bool aiworld_npc_data(const char* exname, const char* key, aiworld::NpcDataValue& out);

/** Items the GM carries of `item_id` (the self-test's "item received" check). */
int aiworld_inventory_count(map_session_data* sd, int item_id);
/** Monsters of `mob_id` on map `m`. */
int aiworld_monster_count(int m, int mob_id);
/** Whether the quest board lists `quest_id`. */
bool aiworld_quest_posted(int quest_id);
/** Posts or takes down a world quest on the board (also used by the self-test's cleanup). */
void aiworld_quest_board_set(const aiworld::CreateQuest& quest);
/** $aiworld_price[item_id], 0 when unset. */
int64_t aiworld_price(int item_id);
void aiworld_set_price(int item_id, int64_t price);

/** Self-test: an action just ran; if it is one of a running self-test's, check its effect in game. */
void aiworld_selftest_observe(const aiworld::Action& action, const aiworld::Command& command, const aiworld_result& result);

#endif
