// A bridge action exactly as the contract spells it (shared/bridge-contract.md, "Actions").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace aiworld {

struct Action {
  std::string action_id;
  std::string action_type;
  std::string target_map;
  std::optional<std::int64_t> target_player_id;
  int priority = 0;
  nlohmann::json payload = nlohmann::json::object();
};

/** Throws std::invalid_argument when action_id or action_type is missing or a field has the wrong type. */
Action actionFromJson(const nlohmann::json& json);
nlohmann::json toJson(const Action& action);

/** What the game reports back for one action (POST /api/v1/actions/complete). */
struct ActionOutcome {
  std::string action_id;
  bool ok = false;
  std::string message;
  std::int64_t timestamp = 0;
};

nlohmann::json toJson(const ActionOutcome& outcome);

}  // namespace aiworld
