#include "aiworld/Log.hpp"

#include <atomic>
#include <cstdio>

namespace aiworld {

namespace {
std::atomic<int> minLevel{static_cast<int>(LogLevel::info)};
}

std::optional<LogLevel> parseLogLevel(const std::string& t) {
  if (t == "debug") return LogLevel::debug;
  if (t == "info") return LogLevel::info;
  if (t == "warn" || t == "warning") return LogLevel::warn;
  if (t == "error") return LogLevel::error;
  if (t == "off" || t == "none") return LogLevel::off;
  return std::nullopt;
}

const char* logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
    case LogLevel::off: return "off";
  }
  return "info";
}

void setMinLogLevel(LogLevel level) { minLevel = static_cast<int>(level); }

void logLine(LogLevel level, const std::string& message) {
  if (level == LogLevel::off || static_cast<int>(level) < minLevel.load()) return;
  // one fprintf per line: stdio locks the stream, so lines from the I/O threads never interleave
  std::fprintf(stderr, "[aiworld] %s: %s\n", logLevelName(level), message.c_str());
}

}  // namespace aiworld
