#include "aiworld/Action.hpp"

#include <stdexcept>

namespace aiworld {

namespace {
[[noreturn]] void badAction(const std::string& what) { throw std::invalid_argument("bad action: " + what); }
}  // namespace

Action actionFromJson(const nlohmann::json& j) {
  if (!j.is_object()) badAction("not an object");
  Action a;
  if (!j.contains("action_id") || !j["action_id"].is_string() || j["action_id"].get<std::string>().empty())
    badAction("action_id must be a non-empty string");
  if (!j.contains("action_type") || !j["action_type"].is_string() || j["action_type"].get<std::string>().empty())
    badAction("action_type must be a non-empty string");
  a.action_id = j["action_id"].get<std::string>();
  a.action_type = j["action_type"].get<std::string>();
  if (j.contains("target_map") && !j["target_map"].is_null()) {
    if (!j["target_map"].is_string()) badAction("target_map must be a string");
    a.target_map = j["target_map"].get<std::string>();
  }
  if (j.contains("target_player_id") && !j["target_player_id"].is_null()) {
    if (!j["target_player_id"].is_number_integer()) badAction("target_player_id must be an integer");
    a.target_player_id = j["target_player_id"].get<std::int64_t>();
  }
  if (j.contains("priority") && !j["priority"].is_null()) {
    if (!j["priority"].is_number()) badAction("priority must be a number");
    a.priority = j["priority"].get<int>();
  }
  if (j.contains("payload") && !j["payload"].is_null()) {
    if (!j["payload"].is_object()) badAction("payload must be an object");
    a.payload = j["payload"];
  }
  return a;
}

nlohmann::json toJson(const Action& a) {
  nlohmann::json j = {{"action_id", a.action_id}, {"action_type", a.action_type}, {"priority", a.priority},
                      {"payload", a.payload}};
  if (!a.target_map.empty()) j["target_map"] = a.target_map;
  if (a.target_player_id) j["target_player_id"] = *a.target_player_id;
  return j;
}

nlohmann::json toJson(const ActionOutcome& o) {
  return {{"action_id", o.action_id},
          {"status", o.ok ? "completed" : "failed"},
          {"message", o.message},
          {"timestamp", o.timestamp}};
}

}  // namespace aiworld
