// Midgard bridge glue for rAthena's map-server: what script.inc / atcommand.inc call into.
// Copy to src/map/aiworld.hpp (see bridge-native/README.md).
#ifndef AIWORLD_GLUE_HPP
#define AIWORLD_GLUE_HPP

#include <cstdint>
#include <string>
#include <vector>

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
 * Returns false (and logs why) when the bridge is not running or the event type/priority is malformed.
 */
bool aiworld_emit_event(const char* event_type, const char* priority, int64_t char_id, const char* map,
                        const std::vector<aiworld_field>& payload);

/** Asks the bridge to send its dead-letter file now. */
void aiworld_request_replay();
/** One line of counters for @aiworld status. */
std::string aiworld_status_line();

#endif
