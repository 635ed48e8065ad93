#include "aiworld/ActionReceiver.hpp"

#include <cstdio>

#include "aiworld/Log.hpp"

#include "aiworld/Bridge.hpp"

namespace aiworld {

using Clock = std::chrono::steady_clock;

ActionReceiver::ActionReceiver(BridgeState& state) : s_(state), streamHttp_(state.config), pollHttp_(state.config) {}

void ActionReceiver::interrupt() {
  streamHttp_.stop();
  pollHttp_.stop();
}

void ActionReceiver::offer(const nlohmann::json& json) {
  Action action;
  try {
    action = actionFromJson(json);
  } catch (const std::exception& e) {
    ++s_.counters.actionsInvalid;
    // With an id Midgard can be told why (else it would offer the action again at every lease expiry).
    auto id = json.is_object() ? json.find("action_id") : json.end();
    if (id != json.end() && id->is_string() && !id->get<std::string>().empty() &&
        s_.ledger.offer(id->get<std::string>()) == ActionLedger::Offer::fresh) {
      ActionOutcome failed{id->get<std::string>(), false, e.what(), nowEpochMs()};
      s_.ledger.finish(failed);
      std::lock_guard<std::mutex> lock(s_.mutex);
      s_.completions.push_back(failed);
      s_.unpersisted.push_back(failed);
      s_.wake.notify_all();
    }
    logLine(LogLevel::warn, std::string("refused ") + e.what());
    return;
  }
  switch (s_.ledger.offer(action.action_id)) {
    case ActionLedger::Offer::fresh: {
      ++s_.counters.actionsReceived;
      std::lock_guard<std::mutex> lock(s_.mutex);
      s_.ready.push_back(std::move(action));
      return;
    }
    case ActionLedger::Offer::in_flight:
      ++s_.counters.actionsDuplicate;
      return;
    case ActionLedger::Offer::done: {
      ++s_.counters.actionsDuplicate;
      // Offered again after it ran: the completion report was lost (or we restarted). Say it again.
      if (auto outcome = s_.ledger.outcome(action.action_id)) {
        std::lock_guard<std::mutex> lock(s_.mutex);
        s_.completions.push_back(*outcome);
        s_.wake.notify_all();
      }
      return;
    }
  }
}

void ActionReceiver::streamOnce() {
  parser_.reset();
  bool counted = false;
  int status = streamHttp_.stream(lastEventId_, [&](const char* data, std::size_t len) {
    if (!counted) {
      counted = true;
      ++s_.counters.streamConnects;
      s_.counters.streamConnected = true;
    }
    for (auto& msg : parser_.feed(data, len)) {
      if (msg.event != "message" && msg.event != "action" && msg.event != "actions") continue;
      auto body = nlohmann::json::parse(msg.data, nullptr, false);
      if (body.is_array()) {
        for (auto& a : body) offer(a);
      } else if (body.is_object() && body.contains("actions") && body["actions"].is_array()) {
        for (auto& a : body["actions"]) offer(a);
      } else {
        offer(body);  // one action per message; offer() reports anything malformed
      }
      if (!msg.id.empty()) lastEventId_ = msg.id;
    }
    std::lock_guard<std::mutex> lock(s_.mutex);
    return !s_.stopping;
  });
  s_.counters.streamConnected = false;
  if (status != 200 && status != 0) logLine(LogLevel::warn, "action stream answered HTTP " + std::to_string(status));
}

void ActionReceiver::pollOnce() {
  ++s_.counters.polls;
  if (auto actions = pollHttp_.pendingActions()) {
    for (auto& a : *actions) offer(a);
  }
}

void ActionReceiver::run() {
  const auto& c = s_.config;
  auto nextStreamAttempt = Clock::now();
  while (true) {
    {
      std::lock_guard<std::mutex> lock(s_.mutex);
      if (s_.stopping) return;
    }
    if (c.use_stream && Clock::now() >= nextStreamAttempt) {
      streamOnce();
      nextStreamAttempt = Clock::now() + c.stream_retry;
      continue;  // fall through to polling until the next stream attempt
    }
    pollOnce();
    if (!waitOrStop(s_, c.poll_interval)) return;
  }
}

}  // namespace aiworld
