#include <doctest/doctest.h>

#include "aiworld/Capabilities.hpp"

using namespace aiworld;

TEST_CASE("the capabilities body is the handshake's shape, sorted, deduplicated, without sizeless maps") {
  Capabilities caps;
  caps.renewal = false;
  caps.maps = {{"prontera", 312, 392}, {"geffen", 240, 240}, {"prontera", 312, 392}, {"broken", 0, 0}};
  caps.map_flags = {"snow", "bexp", "snow", ""};
  caps.templates = {"midgard_treasure", "midgard_caravan"};
  auto j = toJson(caps);
  CHECK(j["bridge_version"] == kBridgeVersion);
  CHECK(j["renewal"] == false);
  REQUIRE(j["maps"].size() == 2);
  CHECK(j["maps"][0] == nlohmann::json{{"name", "geffen"}, {"width", 240}, {"height", 240}});
  CHECK(j["maps"][1]["name"] == "prontera");
  CHECK(j["map_flags"] == nlohmann::json{"bexp", "snow"});
  CHECK(j["templates"] == nlohmann::json{"midgard_caravan", "midgard_treasure"});
  CHECK(j.size() == 5);
}
