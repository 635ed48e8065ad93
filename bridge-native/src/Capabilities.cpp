#include "aiworld/Capabilities.hpp"

#include <algorithm>

namespace aiworld {

namespace {
std::vector<std::string> sortedUnique(std::vector<std::string> names) {
  names.erase(std::remove(names.begin(), names.end(), std::string()), names.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}
}  // namespace

nlohmann::json toJson(const Capabilities& caps) {
  std::vector<MapInfo> maps;
  for (const auto& m : caps.maps) {
    if (!m.name.empty() && m.width > 0 && m.height > 0) maps.push_back(m);
  }
  std::sort(maps.begin(), maps.end(), [](const MapInfo& a, const MapInfo& b) { return a.name < b.name; });
  maps.erase(std::unique(maps.begin(), maps.end(), [](const MapInfo& a, const MapInfo& b) { return a.name == b.name; }), maps.end());
  nlohmann::json jm = nlohmann::json::array();
  for (const auto& m : maps) jm.push_back({{"name", m.name}, {"width", m.width}, {"height", m.height}});
  return {{"bridge_version", caps.bridge_version},
          {"renewal", caps.renewal},
          {"maps", jm},
          {"map_flags", sortedUnique(caps.map_flags)},
          {"templates", sortedUnique(caps.templates)}};
}

}  // namespace aiworld
