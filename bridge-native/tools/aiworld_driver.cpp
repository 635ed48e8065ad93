// Test driver: the core Bridge behind a JSON-lines protocol on stdin/stdout, standing in for rAthena.
//
//   aiworld_driver [--config aiworld.conf] [--set key=value ...] [--bench N]
//
// stdin commands, one JSON object per line:
//   {"cmd":"emit","event":{...contract event...}}   → {"type":"emitted","event_id":"..."}
//   {"cmd":"stats"}                                  → {"type":"stats",...}
//   {"cmd":"replay"}                                 → {"type":"replay_requested"}
//   {"cmd":"hold","on":true|false}                    → {"type":"hold","on":...}; while on, actions still run
//                                                      but their completions wait (so leases expire and
//                                                      Midgard offers them again); off reports them all
//   {"cmd":"stop"}                                   → stops the bridge, prints final stats, exits 0
// Like the map-server's timer, the driver drains ready actions every 10 ms and "executes" each one,
// printing {"type":"executed","action_id":...,"action_type":...,"runs":N}; runs > 1 would be a double run.
// Bad input gets {"type":"error","message":...} and changes nothing.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <algorithm>

#include "aiworld/Bridge.hpp"
#include "aiworld/Config.hpp"

using namespace aiworld;
using nlohmann::json;

namespace {

std::mutex outMutex;

void say(const json& j) {
  std::lock_guard<std::mutex> lock(outMutex);
  std::cout << j.dump() << std::endl;
}

json statsJson(Bridge& bridge) {
  auto s = bridge.stats();
  return {{"type", "stats"},          {"emitted", s.emitted},
          {"delivered", s.delivered}, {"dead_lettered", s.deadLettered},
          {"replayed", s.replayed},   {"rejected", s.rejected},
          {"evicted", s.evicted},     {"send_attempts", s.sendAttempts},
          {"send_failures", s.sendFailures}, {"actions_received", s.actionsReceived},
          {"actions_duplicate", s.actionsDuplicate}, {"actions_invalid", s.actionsInvalid},
          {"completions_sent", s.completionsSent}, {"polls", s.polls},
          {"stream_connects", s.streamConnects}, {"stream_connected", s.streamConnected},
          {"buffered", s.buffered},   {"ready_actions", s.readyActions},
          {"pending_completions", s.pendingCompletions}, {"dead_letter_file_events", s.deadLetterFileEvents},
          {"breaker", s.breaker},     {"spooled", s.spooled},
          {"journal_pending", s.journalPending}, {"spool_lag_max_us", s.spoolLagMaxUs},
          {"capabilities_sent", s.capabilitiesSent}};
}

/**
 * Emit N events as fast as a game loop could (or one every `paceUs` microseconds) and report what the game
 * thread paid per call, and the longest time from an emit to its journal write (the crash window).
 */
int bench(Bridge& bridge, int n, int paceUs) {
  std::vector<double> micros;
  micros.reserve(n);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    GameEvent e;
    e.event_type = "monster_kill";
    e.player_id = 150000 + (i % 1000);
    e.map = "prontera";
    e.payload = {{"monster_id", 1002}};
    auto t0 = std::chrono::steady_clock::now();
    bridge.emit(std::move(e));
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (paceUs > 0) std::this_thread::sleep_until(t0 + std::chrono::microseconds(paceUs));
  }
  // every event journaled (or settled) before reading the lag
  while (bridge.stats().spooled < static_cast<std::uint64_t>(n)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(micros.begin(), micros.end());
  say({{"type", "bench"},
       {"events", n},
       {"emit_per_second", n / seconds},
       {"emit_p50_us", micros[n / 2]},
       {"emit_p99_us", micros[static_cast<std::size_t>(n * 0.99)]},
       {"emit_max_us", micros.back()},
       {"pace_us", paceUs},
       {"spool_lag_max_us", bridge.stats().spoolLagMaxUs}});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  int benchEvents = 0, paceUs = 0;
  std::vector<std::string> errors;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      auto e = loadConfigFile(argv[++i], config);
      errors.insert(errors.end(), e.begin(), e.end());
    } else if (arg == "--set" && i + 1 < argc) {
      std::string kv = argv[++i];
      auto eq = kv.find('=');
      auto e = eq == std::string::npos ? std::vector<std::string>{"--set wants key=value"}
                                       : parseConfig(kv.substr(0, eq) + ": " + kv.substr(eq + 1), config);
      errors.insert(errors.end(), e.begin(), e.end());
    } else if (arg == "--pace-us" && i + 1 < argc) {
      paceUs = std::max(0, std::atoi(argv[++i]));
    } else if (arg == "--bench" && i + 1 < argc) {
      benchEvents = std::max(1, std::atoi(argv[++i]));
    } else {
      errors.push_back("unknown argument " + arg);
    }
  }
  if (!errors.empty()) {
    for (auto& e : errors) std::cerr << "aiworld_driver: " << e << "\n";
    return 2;
  }

  Bridge bridge(config);
  bridge.start();
  if (benchEvents) {
    bench(bridge, benchEvents, paceUs);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (bridge.stats().delivered < static_cast<std::uint64_t>(benchEvents) && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    say(statsJson(bridge));
    bridge.stop();
    return 0;
  }
  say({{"type", "ready"}});

  std::mutex inMutex;
  std::deque<std::string> inbox;
  std::atomic<bool> eof{false};
  std::thread reader([&] {
    std::string line;
    while (std::getline(std::cin, line)) {
      std::lock_guard<std::mutex> lock(inMutex);
      inbox.push_back(line);
    }
    eof = true;
  });
  reader.detach();  // std::getline cannot be interrupted; the process exit ends it

  std::map<std::string, int> runs;
  bool running = true;
  bool hold = false;
  std::vector<std::string> held;
  while (running) {
    std::deque<std::string> lines;
    {
      std::lock_guard<std::mutex> lock(inMutex);
      lines.swap(inbox);
    }
    for (auto& line : lines) {
      if (line.empty()) continue;
      auto cmd = json::parse(line, nullptr, false);
      std::string name = cmd.is_object() && cmd.contains("cmd") && cmd["cmd"].is_string() ? cmd["cmd"].get<std::string>() : "";
      try {
        if (name == "emit") {
          say({{"type", "emitted"}, {"event_id", bridge.emit(eventFromJson(cmd.value("event", json::object())))}});
        } else if (name == "stats") {
          say(statsJson(bridge));
        } else if (name == "replay") {
          bridge.replayDeadLetters();
          say({{"type", "replay_requested"}});
        } else if (name == "hold") {
          hold = cmd.value("on", false);
          if (!hold) {
            for (auto& id : held) bridge.complete(id, true, "driver executed (held)");
            held.clear();
          }
          say({{"type", "hold"}, {"on", hold}});
        } else if (name == "stop") {
          running = false;
        } else {
          say({{"type", "error"}, {"message", "unknown command: " + line}});
        }
      } catch (const std::exception& e) {
        say({{"type", "error"}, {"message", e.what()}});
      }
    }
    for (auto& action : bridge.takeActions(config.actions_per_tick)) {
      int n = ++runs[action.action_id];
      say({{"type", "executed"}, {"action_id", action.action_id}, {"action_type", action.action_type}, {"runs", n}});
      if (hold) held.push_back(action.action_id);
      else bridge.complete(action.action_id, true, "driver executed " + action.action_type);
    }
    if (eof && running) {
      std::lock_guard<std::mutex> lock(inMutex);
      if (inbox.empty()) running = false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  bridge.stop();
  auto final = statsJson(bridge);
  final["type"] = "stopped";
  say(final);
  return 0;
}
