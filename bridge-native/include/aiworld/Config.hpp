// Everything the bridge can be told, with the contract's defaults, and the parser for conf/import/aiworld.conf.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "aiworld/Log.hpp"

namespace aiworld {

using std::chrono::milliseconds;

struct Config {
  bool enabled = true;
  /** Midgard's gateway, scheme://host:port (no path). */
  std::string url = "http://127.0.0.1:8000";  // the gateway's default MIDGARD_PORT
  std::string api_key;
  std::size_t buffer_capacity = 1000;
  std::size_t batch_size = 50;
  milliseconds flush_interval{1000};
  /** One retry after each delay; after the last, the batch goes to the dead-letter file. */
  std::vector<milliseconds> retry_delays{milliseconds(1000), milliseconds(2000), milliseconds(4000)};
  int breaker_failures = 5;
  /**
   * An open breaker lets one probe through after breaker_probe, then after twice that after each failed probe,
   * never waiting longer than breaker_open: once Midgard is back the bridge resumes within breaker_open.
   */
  milliseconds breaker_probe{500};
  milliseconds breaker_open{5000};
  bool use_stream = true;
  milliseconds poll_interval{1000};
  /** While the stream is down the bridge polls, and tries the stream again this often. */
  milliseconds stream_retry{5000};
  milliseconds connect_timeout{2000};
  milliseconds request_timeout{5000};
  /** The stream is idle between actions; the gateway's heartbeats must come more often than this. */
  milliseconds stream_idle_timeout{60000};
  std::string dead_letter_file = "log/aiworld_deadletter.jsonl";
  /** Events taken from the game and not yet settled; written within milliseconds of aiworld_emit. */
  std::string journal_file = "log/aiworld_journal.jsonl";
  /**
   * fdatasync every journal write: the events then survive a power loss too, not only a map-server crash, but
   * the crash window grows from the write (sub-millisecond) to the disk's sync time.
   */
  bool journal_fsync = false;
  /** The level of success lines (actions run, Midgard back, capabilities accepted); `off` hides them. */
  LogLevel success_log_level = LogLevel::info;
  /** The least important line the bridge prints. */
  LogLevel log_level = LogLevel::info;
  std::string ledger_file = "log/aiworld_actions.log";
  /** Prefix of every event_id; empty = random per process start (ids stay unique across restarts). */
  std::string server_id;
  // Used by the rAthena glue only.
  milliseconds action_interval{100};
  std::size_t actions_per_tick = 20;
  bool loadevent_all_maps = true;
};

/**
 * Applies `key: value` lines (rAthena's conf syntax, `//` comments) onto `config`. Returns one message per
 * bad line (unknown key, bad number); lines that are fine are applied even when others are not, but callers
 * should refuse to start on any error.
 *
 * @example
 *   Config c;
 *   auto errors = parseConfig("url: http://127.0.0.1:3000\napi_key: secret\n", c);
 */
std::vector<std::string> parseConfig(const std::string& text, Config& config);

/** Every key parseConfig knows, sorted (a test checks the shipped sample documents each one). */
std::vector<std::string> configKeys();

/** Reads and parses a file; a missing file is one error. */
std::vector<std::string> loadConfigFile(const std::string& path, Config& config);

}  // namespace aiworld
