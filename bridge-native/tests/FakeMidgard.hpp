// A tiny Midgard gateway for the unit tests: the four bridge endpoints on 127.0.0.1, with knobs to fail.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

struct FakeMidgard {
  httplib::Server server;
  std::thread thread;
  int port = 0;

  std::mutex mutex;
  std::map<std::string, int> eventCounts;               // event_id → times received in a 2xx batch
  std::vector<std::vector<nlohmann::json>> batches;     // accepted batches, as sent
  std::vector<std::string> apiKeys;                     // X-API-Key of every dispatch
  std::vector<nlohmann::json> completions;
  std::vector<std::string> streamLastEventIds;          // Last-Event-ID header of each stream connect
  std::vector<nlohmann::json> pendingOffer;             // returned by every /pending call
  std::vector<std::pair<std::string, nlohmann::json>> streamActions;  // (id, action), replayed after Last-Event-ID

  std::atomic<int> dispatchStatus{200};
  /** Take the batch (count it) and still answer 500: a lost response. */
  std::atomic<int> loseResponses{0};
  std::atomic<int> dispatchCalls{0};
  std::atomic<int> completeStatus{200};
  std::atomic<int> completeCalls{0};
  std::atomic<bool> streamEnabled{true};
  std::atomic<int> capabilitiesStatus{200};
  std::atomic<int> capabilitiesCalls{0};
  std::vector<nlohmann::json> capabilities;  // bodies of accepted PUT /api/v1/bridge/capabilities
  std::atomic<bool> stopping{false};

  /** `fixedPort` 0 = any free port; a port number = come back on the same address after a shutdown. */
  explicit FakeMidgard(int fixedPort = 0) {
    server.Post("/api/v1/events/dispatch", [this](const httplib::Request& req, httplib::Response& res) {
      ++dispatchCalls;
      int status = dispatchStatus;
      bool lose = false;
      if (status == 200 && loseResponses > 0) {
        --loseResponses;
        lose = true;
      }
      if (status == 200) {
        auto body = nlohmann::json::parse(req.body);
        std::lock_guard<std::mutex> lock(mutex);
        apiKeys.push_back(req.get_header_value("X-API-Key"));
        batches.push_back(body["events"].get<std::vector<nlohmann::json>>());
        for (auto& e : body["events"]) ++eventCounts[e["event_id"].get<std::string>()];
      }
      res.status = lose ? 500 : status;
      res.set_content("{}", "application/json");
    });
    server.Post("/api/v1/actions/complete", [this](const httplib::Request& req, httplib::Response& res) {
      ++completeCalls;
      if (completeStatus != 200) {
        res.status = completeStatus;
        return;
      }
      std::lock_guard<std::mutex> lock(mutex);
      completions.push_back(nlohmann::json::parse(req.body));
      res.set_content("{\"ok\":true}", "application/json");
    });
    server.Put("/api/v1/bridge/capabilities", [this](const httplib::Request& req, httplib::Response& res) {
      ++capabilitiesCalls;
      res.status = capabilitiesStatus;
      if (res.status != 200) return;
      std::lock_guard<std::mutex> lock(mutex);
      capabilities.push_back(nlohmann::json::parse(req.body));
      res.set_content("{\"ok\":true}", "application/json");
    });
    server.Get("/api/v1/actions/pending", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex);
      res.set_content(nlohmann::json{{"actions", pendingOffer}}.dump(), "application/json");
    });
    server.Get("/api/v1/actions/stream", [this](const httplib::Request& req, httplib::Response& res) {
      if (!streamEnabled) {
        res.status = 503;
        return;
      }
      std::string lastId = req.get_header_value("Last-Event-ID");
      {
        std::lock_guard<std::mutex> lock(mutex);
        streamLastEventIds.push_back(lastId);
      }
      auto sentUpTo = std::make_shared<std::size_t>(0);
      auto resumeAfter = std::make_shared<std::string>(lastId);
      res.set_chunked_content_provider("text/event-stream", [this, sentUpTo, resumeAfter](size_t, httplib::DataSink& sink) {
        if (stopping || !streamEnabled) return false;
        std::string out;
        {
          std::lock_guard<std::mutex> lock(mutex);
          for (; *sentUpTo < streamActions.size(); ++*sentUpTo) {
            auto& [id, action] = streamActions[*sentUpTo];
            if (!resumeAfter->empty() && std::stoll(id) <= std::stoll(*resumeAfter)) continue;
            out += "id: " + id + "\nevent: action\ndata: " + action.dump() + "\n\n";
          }
        }
        if (out.empty()) out = ": heartbeat\n\n";
        if (!sink.write(out.data(), out.size())) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return true;
      });
    });
    if (fixedPort == 0) {
      port = server.bind_to_any_port("127.0.0.1");
    } else {
      port = fixedPort;
      if (!server.bind_to_port("127.0.0.1", fixedPort)) throw std::runtime_error("port busy");
    }
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  ~FakeMidgard() { shutdown(); }

  void shutdown() {
    stopping = true;
    server.stop();
    if (thread.joinable()) thread.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

  std::size_t distinctEvents() {
    std::lock_guard<std::mutex> lock(mutex);
    return eventCounts.size();
  }
  std::size_t completionCount() {
    std::lock_guard<std::mutex> lock(mutex);
    return completions.size();
  }
};

/** Polls `pred` every 5 ms for up to `timeout`; the tests never sleep a fixed time and hope. */
inline bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}
