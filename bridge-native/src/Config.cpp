#include "aiworld/Config.hpp"

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace aiworld {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool parseUnsigned(const std::string& v, unsigned long long& out) {
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 12) return false;
  out = std::stoull(v);
  return true;
}

bool parseBool(const std::string& v, bool& out) {
  if (v == "yes" || v == "true" || v == "on" || v == "1") return out = true, true;
  if (v == "no" || v == "false" || v == "off" || v == "0") return out = false, true;
  return false;
}

using Setter = std::function<bool(const std::string&, Config&)>;

Setter ms(milliseconds Config::*field, unsigned long long min) {
  return [=](const std::string& v, Config& c) {
    unsigned long long n;
    if (!parseUnsigned(v, n) || n < min) return false;
    c.*field = milliseconds(n);
    return true;
  };
}

Setter count(std::size_t Config::*field, unsigned long long min, unsigned long long max) {
  return [=](const std::string& v, Config& c) {
    unsigned long long n;
    if (!parseUnsigned(v, n) || n < min || n > max) return false;
    c.*field = static_cast<std::size_t>(n);
    return true;
  };
}

Setter flag(bool Config::*field) {
  return [=](const std::string& v, Config& c) { return parseBool(v, c.*field); };
}

Setter text(std::string Config::*field, bool allowEmpty) {
  return [=](const std::string& v, Config& c) {
    if (v.empty() && !allowEmpty) return false;
    c.*field = v;
    return true;
  };
}

Setter level(LogLevel Config::*field) {
  return [=](const std::string& v, Config& c) {
    auto l = parseLogLevel(v);
    if (l) c.*field = *l;
    return l.has_value();
  };
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"enabled", flag(&Config::enabled)},
      {"url",
       [](const std::string& v, Config& c) {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) return false;
         c.url = v.back() == '/' ? v.substr(0, v.size() - 1) : v;
         return true;
       }},
      {"api_key", text(&Config::api_key, true)},
      {"buffer_capacity", count(&Config::buffer_capacity, 1, 1000000)},
      {"batch_size", count(&Config::batch_size, 1, 1000)},
      {"flush_interval_ms", ms(&Config::flush_interval, 1)},
      {"retry_delays_ms",
       [](const std::string& v, Config& c) {
         std::vector<milliseconds> delays;
         std::stringstream ss(v);
         std::string part;
         while (std::getline(ss, part, ',')) {
           unsigned long long n;
           if (!parseUnsigned(trim(part), n)) return false;
           delays.emplace_back(n);
         }
         c.retry_delays = delays;
         return true;
       }},
      {"breaker_failures",
       [](const std::string& v, Config& c) {
         unsigned long long n;
         if (!parseUnsigned(v, n) || n < 1 || n > 1000) return false;
         c.breaker_failures = static_cast<int>(n);
         return true;
       }},
      {"breaker_probe_ms", ms(&Config::breaker_probe, 1)},
      {"breaker_open_ms", ms(&Config::breaker_open, 1)},
      {"use_stream", flag(&Config::use_stream)},
      {"poll_interval_ms", ms(&Config::poll_interval, 10)},
      {"stream_retry_ms", ms(&Config::stream_retry, 10)},
      {"connect_timeout_ms", ms(&Config::connect_timeout, 1)},
      {"request_timeout_ms", ms(&Config::request_timeout, 1)},
      {"stream_idle_timeout_ms", ms(&Config::stream_idle_timeout, 100)},
      {"dead_letter_file", text(&Config::dead_letter_file, false)},
      {"journal_file", text(&Config::journal_file, false)},
      {"journal_fsync", flag(&Config::journal_fsync)},
      {"success_log_level", level(&Config::success_log_level)},
      {"log_level", level(&Config::log_level)},
      {"ledger_file", text(&Config::ledger_file, true)},
      {"server_id", text(&Config::server_id, true)},
      {"action_interval_ms", ms(&Config::action_interval, 10)},
      {"actions_per_tick", count(&Config::actions_per_tick, 1, 10000)},
      {"loadevent_all_maps", flag(&Config::loadevent_all_maps)},
  };
  return table;
}

}  // namespace

std::vector<std::string> parseConfig(const std::string& input, Config& config) {
  std::vector<std::string> errors;
  std::stringstream in(input);
  std::string raw;
  int lineNo = 0;
  while (std::getline(in, raw)) {
    ++lineNo;
    std::string line = trim(raw);
    if (line.empty() || line.rfind("//", 0) == 0) continue;
    auto colon = line.find(':');
    if (colon == std::string::npos) {
      errors.push_back("line " + std::to_string(lineNo) + ": expected 'key: value'");
      continue;
    }
    std::string key = trim(line.substr(0, colon));
    std::string value = trim(line.substr(colon + 1));
    auto it = setters().find(key);
    if (it == setters().end()) {
      errors.push_back("line " + std::to_string(lineNo) + ": unknown key '" + key + "'");
    } else if (!it->second(value, config)) {
      errors.push_back("line " + std::to_string(lineNo) + ": bad value for '" + key + "': '" + value + "'");
    }
  }
  return errors;
}

std::vector<std::string> configKeys() {
  std::vector<std::string> keys;
  for (const auto& [key, setter] : setters()) keys.push_back(key);
  return keys;
}

std::vector<std::string> loadConfigFile(const std::string& path, Config& config) {
  std::ifstream in(path);
  if (!in) return {"cannot read " + path};
  std::stringstream buf;
  buf << in.rdbuf();
  return parseConfig(buf.str(), config);
}

}  // namespace aiworld
