// What this game server can run, told to Midgard when the bridge starts (PUT /api/v1/bridge/capabilities).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aiworld {

/** Bumped when the glue's behaviour changes in a way Midgard may care about. */
constexpr const char* kBridgeVersion = "2.0.0";

struct MapInfo {
  std::string name;
  int width = 0, height = 0;
};

struct Capabilities {
  std::string bridge_version = kBridgeVersion;
  /** The server was built for renewal (rAthena without PRERE). */
  bool renewal = false;
  /** Maps this map-server actually loaded, with their sizes in cells. */
  std::vector<MapInfo> maps;
  /** Every map flag name set_map_flag accepts (rAthena's mf_* constants, without the prefix). */
  std::vector<std::string> map_flags;
  /** Template NPCs spawn_npc may copy (the midgard_* NPCs the loaded scripts define). */
  std::vector<std::string> templates;
};

/**
 * The handshake body: {bridge_version, renewal, maps:[{name,width,height}], map_flags, templates}. Names are
 * sorted and deduplicated so the same server always sends the same body; maps with no size are left out.
 *
 * @example
 *   Capabilities caps; caps.maps = {{"prontera", 312, 392}}; caps.templates = {"midgard_treasure"};
 *   bridge.announce(caps);  // the sender thread PUTs toJson(caps)
 */
nlohmann::json toJson(const Capabilities& caps);

}  // namespace aiworld
