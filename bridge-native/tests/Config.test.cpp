#include <doctest/doctest.h>

#include "aiworld/Config.hpp"

#include <fstream>
#include <sstream>

using namespace aiworld;
using std::chrono::milliseconds;

TEST_CASE("defaults are the contract's numbers") {
  Config c;
  CHECK(c.buffer_capacity == 1000);
  CHECK(c.batch_size == 50);
  CHECK(c.flush_interval == milliseconds(1000));
  CHECK(c.retry_delays == std::vector<milliseconds>{milliseconds(1000), milliseconds(2000), milliseconds(4000)});
  CHECK(c.breaker_failures == 5);
  CHECK(c.breaker_open == milliseconds(5000));
  CHECK(c.breaker_probe == milliseconds(500));
  CHECK_FALSE(c.journal_fsync);
  CHECK(c.success_log_level == LogLevel::info);
}

TEST_CASE("parses rAthena-style key: value lines with comments") {
  Config c;
  auto errors = parseConfig(
      "// Midgard\nurl: http://10.0.0.5:8080/\napi_key: s3cret\n  batch_size: 20\nretry_delays_ms: 10, 20,40\n"
      "use_stream: no\nbreaker_open_ms: 500\n",
      c);
  CHECK(errors.empty());
  CHECK(c.url == "http://10.0.0.5:8080");
  CHECK(c.api_key == "s3cret");
  CHECK(c.batch_size == 20);
  CHECK(c.retry_delays == std::vector<milliseconds>{milliseconds(10), milliseconds(20), milliseconds(40)});
  CHECK_FALSE(c.use_stream);
  CHECK(c.breaker_open == milliseconds(500));
}

TEST_CASE("bad lines are reported one by one, with line numbers") {
  Config c;
  auto errors = parseConfig("batch_size: lots\nbogus: 1\nurl: ftp://x\nno colon here\nbatch_size: 0\n", c);
  REQUIRE(errors.size() == 5);
  CHECK(errors[0].find("line 1") != std::string::npos);
  CHECK(errors[1].find("unknown key 'bogus'") != std::string::npos);
  CHECK(c.batch_size == 50);  // untouched by the bad values
  CHECK(c.url == "http://127.0.0.1:8000");
  CHECK(loadConfigFile("/nonexistent/aiworld.conf", c).size() == 1);
}

TEST_CASE("the shipped conf/import/aiworld.conf parses cleanly and keeps the contract's numbers") {
  Config c;
  auto errors = loadConfigFile(std::string(AIWORLD_SOURCE_DIR) + "/rathena/conf/import/aiworld.conf", c);
  CHECK(errors.empty());
  CHECK(c.batch_size == 50);
  CHECK(c.buffer_capacity == 1000);
  CHECK(c.breaker_failures == 5);
  CHECK(c.retry_delays.size() == 3);
  CHECK(c.server_id == "map1");
}

TEST_CASE("the shipped sample sets every key the parser knows, so none is undocumented") {
  std::ifstream in(std::string(AIWORLD_SOURCE_DIR) + "/rathena/conf/import/aiworld.conf");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = "\n" + buf.str();
  for (const auto& key : configKeys()) CHECK_MESSAGE(text.find("\n" + key + ":") != std::string::npos, key);
}
