// One keep-alive HTTP connection to Midgard's gateway, speaking the bridge contract's endpoints.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aiworld/Action.hpp"
#include "aiworld/Config.hpp"
#include "aiworld/DeadLetterFile.hpp"
#include "aiworld/GameEvent.hpp"

namespace httplib {
class Client;
}

namespace aiworld {

/** Maps a status code to what the sender should do with the batch (see SendOutcome). */
SendOutcome classifyStatus(int status);

/**
 * Not thread-safe (httplib::Client is not): each I/O thread owns its own channel. `stop()` is the one call
 * allowed from another thread; it breaks a blocking stream read so shutdown never waits on the network.
 *
 * @example
 *   HttpChannel http(config);
 *   SendOutcome o = http.postEvents(batch);
 */
class HttpChannel {
 public:
  explicit HttpChannel(const Config& config);
  ~HttpChannel();

  SendOutcome postEvents(const std::vector<GameEvent>& events);
  SendOutcome postCompletion(const ActionOutcome& outcome);
  /** PUT a JSON body; returns the HTTP status, 0 when no connection was made. */
  int putJson(const std::string& path, const std::string& body);
  /** GET /api/v1/actions/pending; nullopt when Midgard is unreachable or answers nonsense. */
  std::optional<std::vector<nlohmann::json>> pendingActions();

  /**
   * GET /api/v1/actions/stream, blocking until the stream ends. `onChunk` gets raw bytes; returning false
   * closes the stream. Returns the HTTP status (0 when no connection was made).
   */
  int stream(const std::string& lastEventId, const std::function<bool(const char*, std::size_t)>& onChunk);

  void stop();

 private:
  SendOutcome postJson(const std::string& path, const std::string& body);

  Config config_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace aiworld
