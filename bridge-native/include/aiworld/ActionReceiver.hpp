// The receiver thread: actions from the SSE stream, or from polling while the stream is down.
#pragma once

#include <chrono>
#include <string>

#include "aiworld/BridgeState.hpp"
#include "aiworld/HttpChannel.hpp"
#include "aiworld/SseParser.hpp"

namespace aiworld {

/**
 * Streams `GET /api/v1/actions/stream` (resuming with Last-Event-ID) and, whenever the stream is down, polls
 * `GET /api/v1/actions/pending` every poll interval, trying the stream again every stream_retry. Every
 * action passes the ledger before it reaches the ready queue, so one offered by both paths runs once; one
 * that already ran gets its recorded outcome reported again instead.
 *
 * @example
 *   ActionReceiver receiver(state);
 *   std::thread t([&] { receiver.run(); });
 */
class ActionReceiver {
 public:
  explicit ActionReceiver(BridgeState& state);
  void run();
  void interrupt();

  /** Routes one offered action (from the stream or a poll). Public for tests. */
  void offer(const nlohmann::json& json);

 private:
  void streamOnce();
  void pollOnce();

  BridgeState& s_;
  HttpChannel streamHttp_;
  HttpChannel pollHttp_;
  SseParser parser_;
  std::string lastEventId_;
};

}  // namespace aiworld
