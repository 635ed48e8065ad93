#include <doctest/doctest.h>

#include "aiworld/SseParser.hpp"

using namespace aiworld;

TEST_CASE("messages split across chunks come out whole, once") {
  SseParser p;
  CHECK(p.feed("id: 1\nevent: act").empty());
  CHECK(p.feed("ion\ndata: {\"a\":").empty());
  auto msgs = p.feed("1}\n\nid: 2\ndata: x\n\n");
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].id == "1");
  CHECK(msgs[0].event == "action");
  CHECK(msgs[0].data == "{\"a\":1}");
  CHECK(msgs[1].id == "2");
  CHECK(msgs[1].event == "message");
}

TEST_CASE("CRLF, multi-line data, comments and field without space") {
  SseParser p;
  auto msgs = p.feed(": heartbeat\r\n\r\ndata:line1\r\ndata: line2\r\nid:9\r\n\r\n");
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].data == "line1\nline2");
  CHECK(msgs[0].id == "9");
}

TEST_CASE("a CRLF split between chunks is one line end, and the last id persists") {
  SseParser p;
  CHECK(p.feed("id: 5\r").empty());
  CHECK(p.feed("\ndata: a\r").empty());
  auto msgs = p.feed("\n\r\ndata: b\n\n");
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].data == "a");
  CHECK(msgs[1].id == "5");
}

TEST_CASE("reset drops a half message") {
  SseParser p;
  p.feed("data: half");
  p.reset();
  auto msgs = p.feed("data: whole\n\n");
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].data == "whole");
}
