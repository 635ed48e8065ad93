// Midgard bridge glue for rAthena's map-server: what script.inc / atcommand.inc call into.
// Copy to src/map/aiworld.hpp (see bridge-native/README.md).
#ifndef AIWORLD_GLUE_HPP
#define AIWORLD_GLUE_HPP

#include <cstdint>
#include <string>
#include <vector>

class map_session_data;

/** One key/value of an event payload as a script passes it: an integer or a string. */
struct aiworld_field {
  std::string key;
  bool is_number;
  int64_t number;
  std::string text;
};

/**
 * Reads the config and starts the bridge's I/O threads and the action timer. Called by the `aiworld_start`
 * script command from npc/custom/aiworld.txt's OnInit; a second call (@reloadscript) does nothing.
 * Returns 1 when it started now, 2 when it was already running, 0 with `error` set when the config is bad or
 * the bridge is disabled.
 */
int aiworld_start(const char* conf_path, std::string& error);
bool aiworld_running();

/**
 * Queues one event for Midgard. Never blocks the map-server: it only takes a short in-memory lock.
 * Returns false (and logs why) when the bridge is not running, or the event type is not one of the contract's
 * (contract/events.ts) or the priority is malformed: the gateway would refuse it.
 */
bool aiworld_emit_event(const char* event_type, const char* priority, int64_t char_id, const char* map,
                        const std::vector<aiworld_field>& payload);

/**
 * The `data` value spawn_npc gave the NPC with unique name `exname` under `key` (for the aiworld_npcdata
 * script command). False when there is none; otherwise `is_number` says which of number/text is set.
 */
bool aiworld_npcdata(const char* exname, const char* key, bool& is_number, int64_t& number, std::string& text);

/**
 * @aiworld selftest: emits one event of every type, asks Midgard (a custom event, kind "selftest") for one
 * action of each type on the GM's map, checks each in game as it runs and prints a pass/fail table to the GM.
 * Returns false (with `why`) when the bridge is not running or a self-test is already running.
 */
bool aiworld_selftest_start(map_session_data* gm, std::string& why);

/** Asks the bridge to send its dead-letter file now. */
void aiworld_request_replay();
/** One line of counters for @aiworld status. */
std::string aiworld_status_line();

#endif
