#include "aiworld/HttpChannel.hpp"

#include <httplib.h>

namespace aiworld {

namespace {

template <typename Duration>
std::pair<time_t, time_t> secUsec(Duration d) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  return {static_cast<time_t>(us / 1000000), static_cast<time_t>(us % 1000000)};
}

}  // namespace

SendOutcome classifyStatus(int status) {
  if (status >= 200 && status < 300) return SendOutcome::delivered;
  // The content itself is refused: sending it again can never succeed, so it must not block the queue.
  if (status == 400 || status == 413 || status == 422) return SendOutcome::rejected;
  // Anything else (no connection, 5xx, 401/403 after a key rotation, 408/429) may heal: keep the events.
  return SendOutcome::failed;
}

HttpChannel::HttpChannel(const Config& config) : config_(config), client_(std::make_unique<httplib::Client>(config.url)) {
  client_->set_keep_alive(true);
  auto [cs, cu] = secUsec(config_.connect_timeout);
  client_->set_connection_timeout(cs, cu);
  auto [rs, ru] = secUsec(config_.request_timeout);
  client_->set_read_timeout(rs, ru);
  client_->set_write_timeout(rs, ru);
  httplib::Headers headers = {{"User-Agent", "midgard-bridge-native/1"}};
  if (!config_.api_key.empty()) headers.emplace("X-API-Key", config_.api_key);
  client_->set_default_headers(headers);
}

HttpChannel::~HttpChannel() = default;

SendOutcome HttpChannel::postJson(const std::string& path, const std::string& body) {
  auto res = client_->Post(path.c_str(), body, "application/json");
  return classifyStatus(res ? res->status : 0);
}

int HttpChannel::putJson(const std::string& path, const std::string& body) {
  auto res = client_->Put(path.c_str(), body, "application/json");
  return res ? res->status : 0;
}

SendOutcome HttpChannel::postEvents(const std::vector<GameEvent>& events) {
  nlohmann::json body = {{"events", nlohmann::json::array()}};
  for (const auto& e : events) body["events"].push_back(toJson(e));
  return postJson("/api/v1/events/dispatch", body.dump());
}

SendOutcome HttpChannel::postCompletion(const ActionOutcome& outcome) {
  return postJson("/api/v1/actions/complete", toJson(outcome).dump());
}

std::optional<std::vector<nlohmann::json>> HttpChannel::pendingActions() {
  auto res = client_->Get("/api/v1/actions/pending");
  if (!res || res->status != 200) return std::nullopt;
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("actions") || !body["actions"].is_array())
    return std::nullopt;
  return body["actions"].get<std::vector<nlohmann::json>>();
}

int HttpChannel::stream(const std::string& lastEventId,
                        const std::function<bool(const char*, std::size_t)>& onChunk) {
  httplib::Headers headers = {{"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"}};
  if (!config_.api_key.empty()) headers.emplace("X-API-Key", config_.api_key);
  if (!lastEventId.empty()) headers.emplace("Last-Event-ID", lastEventId);
  // The stream is long-lived and idle between actions: only a silence longer than the idle timeout
  // (the gateway sends heartbeats) counts as a dead connection.
  auto [rs, ru] = secUsec(config_.stream_idle_timeout);
  client_->set_read_timeout(rs, ru);
  int status = 0;
  auto res = client_->Get(
      "/api/v1/actions/stream", headers,
      [&](const httplib::Response& r) {
        status = r.status;
        return r.status == 200;
      },
      [&](const char* data, size_t len) { return onChunk(data, len); });
  auto [qs, qu] = secUsec(config_.request_timeout);
  client_->set_read_timeout(qs, qu);
  if (res) status = res->status;
  return status;
}

void HttpChannel::stop() { client_->stop(); }

}  // namespace aiworld
