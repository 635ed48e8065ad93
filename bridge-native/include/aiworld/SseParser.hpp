// Incremental parser for server-sent events (the action stream, GET /api/v1/actions/stream).
#pragma once

#include <string>
#include <vector>

namespace aiworld {

struct SseMessage {
  /** The `id:` field; the consumer sends the last one back as Last-Event-ID when it reconnects. */
  std::string id;
  std::string event = "message";
  std::string data;
};

/**
 * Feed it chunks as they arrive from the socket; it returns each complete message once. Follows the
 * WHATWG rules that matter here: LF / CRLF / CR line ends, several `data:` lines joined by "\n",
 * comment lines (`:` heartbeats) ignored, a message ends at a blank line, one leading space trimmed.
 *
 * @example
 *   SseParser parser;
 *   for (auto& msg : parser.feed("id: 7\ndata: {\"action_id\":\"a\"}\n\n")) handle(msg);
 */
class SseParser {
 public:
  std::vector<SseMessage> feed(const char* data, std::size_t size);
  std::vector<SseMessage> feed(const std::string& chunk) { return feed(chunk.data(), chunk.size()); }
  /** Forget a half-received message (on reconnect). */
  void reset();

 private:
  void line(const std::string& text, std::vector<SseMessage>& out);

  std::string pending_;
  SseMessage current_;
  bool hasData_ = false;
  bool lastWasCR_ = false;
};

}  // namespace aiworld
