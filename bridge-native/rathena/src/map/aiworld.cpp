// Midgard bridge glue: starts the core bridge inside map-server, tells Midgard what this server can run, and
// runs Midgard's actions from a timer on the main thread. Copy to src/map/ (see bridge-native/README.md).
//
// Threading: the core's I/O threads never touch rAthena. Everything here runs on the map-server's main
// thread, either from a script command or from aiworld_action_timer.
#include "aiworld_glue.hpp"

#include <aiworld/Capabilities.hpp>
#include <aiworld/Config.hpp>

#include "aiworld.hpp"

#include <memory>
#include <string>

#include <common/showmsg.hpp>
#include <common/strlib.hpp>
#include <common/timer.hpp>

#include "map.hpp"
#include "npc.hpp"
#include "pc.hpp"

namespace {

// Destroyed at process exit, after do_final: stop() then writes unsent events to the dead-letter file.
std::unique_ptr<aiworld::Bridge> g_bridge;

void log_success(const std::string& line) {
  switch (g_bridge ? g_bridge->config().success_log_level : aiworld::LogLevel::info) {
    case aiworld::LogLevel::debug: ShowDebug("aiworld: %s\n", line.c_str()); break;
    case aiworld::LogLevel::info: ShowInfo("aiworld: %s\n", line.c_str()); break;
    case aiworld::LogLevel::off: break;
    default: ShowStatus("aiworld: %s\n", line.c_str()); break;
  }
}

TIMER_FUNC(aiworld_action_timer) {
  if (!g_bridge) return 0;
  for (auto& action : g_bridge->takeActions(g_bridge->config().actions_per_tick)) {
    aiworld::Command command = aiworld::parseAction(action);
    aiworld_result r = aiworld_run_command(command);
    if (r.ok) log_success("action " + action.action_id + " (" + action.action_type + "): " + r.message);
    else ShowWarning("aiworld: action %s (%s) failed: %s\n", action.action_id.c_str(), action.action_type.c_str(), r.message.c_str());
    g_bridge->complete(action.action_id, r.ok, r.message);
    aiworld_selftest_observe(action, command, r);
  }
  return 0;
}

/** What this map-server can run, from what it actually loaded. */
aiworld::Capabilities capabilities() {
  aiworld::Capabilities caps;
#ifdef PRERE
  caps.renewal = false;
#else
  caps.renewal = true;
#endif
  for (int32 m = 0; m < map_num; ++m) {
    map_data* md = map_getmapdata(m);
    if (md != nullptr && md->name[0] != '\0' && md->instance_id == 0) caps.maps.push_back({md->name, md->xs, md->ys});
  }
  for (int32 f = MF_MIN; f < MF_MAX; ++f) {
    char name[64] = "";
    if (map_getmapflag_name(static_cast<e_mapflag>(f), name)) caps.map_flags.emplace_back(name);
  }
  caps.templates = aiworld_template_names();
  return caps;
}

/** OnPCLoadMapEvent only fires on maps with the loadevent flag; map_change events need it everywhere. */
void set_loadevent_flags() {
  if (!g_bridge || !g_bridge->config().loadevent_all_maps) return;
  for (int32 m = 0; m < map_num; ++m) map_setmapflag(m, MF_LOADEVENT, true);
}

}  // namespace

aiworld::Bridge* aiworld_bridge() { return g_bridge.get(); }

int aiworld_start(const char* conf_path, std::string& error) {
  if (g_bridge) {
    // @reloadscript: it reset every map flag (loadevent included) and unloaded every NPC, the spawned
    // copies too. Set the flags again and tell Midgard the (maybe changed) templates; the bridge keeps running.
    set_loadevent_flags();
    aiworld_forget_spawned_npcs();
    g_bridge->announce(capabilities());
    return 2;
  }
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
  set_loadevent_flags();
  g_bridge->announce(capabilities());
  add_timer_func_list(aiworld_action_timer, "aiworld_action_timer");
  int32 interval = static_cast<int32>(config.action_interval.count());
  add_timer_interval(gettick() + interval, aiworld_action_timer, 0, 0, interval);
  ShowStatus("aiworld: bridge %s to '%s' started (batch %zu, stream %s, journal %s).\n", aiworld::kBridgeVersion,
             config.url.c_str(), config.batch_size, config.use_stream ? "on" : "off", config.journal_file.c_str());
  return 1;
}

bool aiworld_running() { return g_bridge != nullptr; }

bool aiworld_emit_event(const char* event_type, const char* priority, int64_t char_id, const char* map,
                        const std::vector<aiworld_field>& payload) {
  if (!g_bridge) return false;
  auto p = aiworld::parsePriority(priority ? priority : "normal");
  if (event_type == nullptr || !aiworld::isKnownEventType(event_type) || !p) {
    // The gateway would refuse it; better said here, where the script author sees it, than lost there.
    ShowWarning("aiworld_emit: '%s' is not a contract event type (or '%s' not a priority); use \"custom\" with a \"kind\".\n",
                event_type ? event_type : "", priority ? priority : "");
    return false;
  }
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

bool aiworld_npcdata(const char* exname, const char* key, bool& is_number, int64_t& number, std::string& text) {
  aiworld::NpcDataValue v;
  if (!aiworld_npc_data(exname, key, v)) return false;
  is_number = std::holds_alternative<std::int64_t>(v);
  if (is_number) number = std::get<std::int64_t>(v);
  else text = std::get<std::string>(v);
  return true;
}

void aiworld_request_replay() {
  if (g_bridge) g_bridge->replayDeadLetters();
}

std::string aiworld_status_line() {
  if (!g_bridge) return "aiworld: not running";
  auto s = g_bridge->stats();
  char buf[320];
  safesnprintf(buf, sizeof(buf),
               "aiworld: sent %llu, journal %zu (lag max %.1f ms), dead-letter file %zu, breaker %s, stream %s, actions %llu (dup %llu)",
               (unsigned long long)s.delivered, s.journalPending, s.spoolLagMaxUs / 1000.0, s.deadLetterFileEvents, s.breaker,
               s.streamConnected ? "up" : "down", (unsigned long long)s.actionsReceived, (unsigned long long)s.actionsDuplicate);
  return buf;
}
