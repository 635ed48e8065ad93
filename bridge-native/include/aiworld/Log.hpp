// The core's log lines: stderr (which rAthena's console shows too), filtered by level. Thread-safe.
#pragma once

#include <optional>
#include <string>

namespace aiworld {

enum class LogLevel : int { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

std::optional<LogLevel> parseLogLevel(const std::string& text);
const char* logLevelName(LogLevel level);

/**
 * Writes "[aiworld] <level>: message" to stderr when `level` is at or above the process-wide minimum
 * (`setMinLogLevel`, default info). Warnings and errors are what an operator must see; success lines
 * (delivered, Midgard back, capabilities accepted) are logged at the configured `success_log_level`.
 *
 * @example
 *   logLine(LogLevel::warn, "gateway rejected a batch");
 */
void logLine(LogLevel level, const std::string& message);
void setMinLogLevel(LogLevel level);

}  // namespace aiworld
