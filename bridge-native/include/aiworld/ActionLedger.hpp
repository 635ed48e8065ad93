// Remembers which actions ran, so an action offered twice (stream + poll, reconnect, lease expiry) runs once.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "aiworld/Action.hpp"

namespace aiworld {

/**
 * In memory: every action id seen, with its outcome once the game reported one. On disk (optional): one
 * line per finished action, appended by the I/O thread, reloaded at start, so a map-server restart does not
 * run an action again. Memory is bounded: the oldest finished ids are forgotten past `memoryLimit`
 * (the gateway stops offering an action once its completion arrived, long before that).
 *
 * @example
 *   ActionLedger ledger("log/aiworld_actions.log");
 *   if (ledger.offer(action.action_id) == ActionLedger::Offer::fresh) ready.push_back(action);
 */
class ActionLedger {
 public:
  enum class Offer { fresh, in_flight, done };

  explicit ActionLedger(std::string path = "", std::size_t memoryLimit = 100000);

  /** fresh: first sight, now marked in flight (run it). in_flight: queued or running. done: already ran. */
  Offer offer(const std::string& actionId);
  /** Record the outcome in memory (cheap: the game thread calls this). */
  void finish(const ActionOutcome& outcome);
  /** Append a finished outcome to the file (the I/O thread calls this). */
  void persist(const ActionOutcome& outcome);
  std::optional<ActionOutcome> outcome(const std::string& actionId);
  std::size_t size();

 private:
  void load();
  void compact();
  void remember(const std::string& id);

  std::mutex mutex_;
  std::string path_;
  std::size_t memoryLimit_;
  std::unordered_map<std::string, std::optional<ActionOutcome>> entries_;
  std::deque<std::string> order_;
  bool warned_ = false;
};

}  // namespace aiworld
