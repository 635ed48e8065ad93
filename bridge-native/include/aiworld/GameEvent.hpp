// A game event exactly as the bridge contract spells it (shared/bridge-contract.md, "Events").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aiworld {

/** Ordered so that a larger value is more important: the buffer sends urgent events first. */
enum class Priority : int { low = 0, normal = 1, high = 2, urgent = 3 };

constexpr int kPriorityCount = 4;

std::optional<Priority> parsePriority(const std::string& text);
const char* priorityName(Priority p);

/** The event types of contract/events.ts (a test compares the two). */
const std::vector<std::string>& eventTypes();
/** One of eventTypes(): the glue refuses any other at aiworld_emit, since the gateway would refuse it. */
bool isKnownEventType(const std::string& type);

struct GameEvent {
  /** Unique per event and stable across retries and dead-letter replays: the gateway dedupes on it. */
  std::string event_id;
  std::string event_type;
  /** The char id; 0 = a server event, omitted from the wire. */
  std::int64_t player_id = 0;
  /** Omitted from the wire when empty, as the contract requires. */
  std::string map;
  /** Epoch milliseconds. */
  std::int64_t timestamp = 0;
  Priority priority = Priority::normal;
  nlohmann::json payload = nlohmann::json::object();
};

nlohmann::json toJson(const GameEvent& event);

/**
 * Parses one event (a dead-letter line, a driver command). Throws std::invalid_argument with a message
 * naming the bad field; never returns a half-valid event.
 */
GameEvent eventFromJson(const nlohmann::json& json);

}  // namespace aiworld
