#include "aiworld/GameEvent.hpp"

#include <vector>
#include <stdexcept>

namespace aiworld {

std::optional<Priority> parsePriority(const std::string& text) {
  if (text == "low") return Priority::low;
  if (text == "normal") return Priority::normal;
  if (text == "high") return Priority::high;
  if (text == "urgent") return Priority::urgent;
  return std::nullopt;
}

const char* priorityName(Priority p) {
  switch (p) {
    case Priority::low: return "low";
    case Priority::normal: return "normal";
    case Priority::high: return "high";
    case Priority::urgent: return "urgent";
  }
  return "normal";
}

const std::vector<std::string>& eventTypes() {
  static const std::vector<std::string> known = {
      "player_login", "player_logout", "npc_interaction", "monster_kill", "mvp_kill",  "daily_reset",
      "map_change",   "item_drop",     "quest_complete",  "trade_complete", "custom"};
  return known;
}

bool isKnownEventType(const std::string& type) {
  for (const auto& k : eventTypes()) {
    if (type == k) return true;
  }
  return false;
}

nlohmann::json toJson(const GameEvent& e) {
  nlohmann::json j = {
      {"event_id", e.event_id},
      {"event_type", e.event_type},
      {"timestamp", e.timestamp},
      {"priority", priorityName(e.priority)},
      {"payload", e.payload.is_object() ? e.payload : nlohmann::json::object()},
  };
  // A server event (daily_reset, most custom ones) has no player: the contract omits player_id then.
  if (e.player_id != 0) j["player_id"] = e.player_id;
  if (!e.map.empty()) j["map"] = e.map;
  return j;
}

namespace {
[[noreturn]] void badEvent(const std::string& what) { throw std::invalid_argument("bad event: " + what); }
}  // namespace

GameEvent eventFromJson(const nlohmann::json& j) {
  if (!j.is_object()) badEvent("not an object");
  GameEvent e;
  if (!j.contains("event_type") || !j["event_type"].is_string() || j["event_type"].get<std::string>().empty())
    badEvent("event_type must be a non-empty string");
  e.event_type = j["event_type"].get<std::string>();
  if (j.contains("event_id")) {
    if (!j["event_id"].is_string()) badEvent("event_id must be a string");
    e.event_id = j["event_id"].get<std::string>();
  }
  if (j.contains("player_id")) {
    if (!j["player_id"].is_number_integer()) badEvent("player_id must be an integer");
    e.player_id = j["player_id"].get<std::int64_t>();
  }
  if (j.contains("map")) {
    if (!j["map"].is_string()) badEvent("map must be a string");
    e.map = j["map"].get<std::string>();
  }
  if (j.contains("timestamp")) {
    if (!j["timestamp"].is_number_integer()) badEvent("timestamp must be integer epoch ms");
    e.timestamp = j["timestamp"].get<std::int64_t>();
  }
  if (j.contains("priority")) {
    auto p = j["priority"].is_string() ? parsePriority(j["priority"].get<std::string>()) : std::nullopt;
    if (!p) badEvent("priority must be low|normal|high|urgent");
    e.priority = *p;
  }
  if (j.contains("payload")) {
    if (!j["payload"].is_object()) badEvent("payload must be an object");
    e.payload = j["payload"];
  }
  return e;
}

}  // namespace aiworld
