// The spool thread: moves each emitted event to the journal file within milliseconds, then on to the sender.
#pragma once

#include "aiworld/BridgeState.hpp"

namespace aiworld {

/**
 * Does no network I/O, so a slow or dead Midgard never delays it: it sleeps until the game thread puts an
 * event into an empty buffer, takes everything buffered (and anything the full buffer evicted), appends it
 * to the journal in one write, and hands it to the sender. At stop it spools what is left and sets
 * `spoolerDone`. If the journal cannot be written the events still go on, in memory, and the failure is logged.
 *
 * @example
 *   Spooler spooler(state);
 *   std::thread t([&] { spooler.run(); });
 */
class Spooler {
 public:
  explicit Spooler(BridgeState& state) : s_(state) {}
  void run();

 private:
  /** Returns how many events it moved. */
  std::size_t spoolOnce();

  BridgeState& s_;
  bool warned_ = false;
};

}  // namespace aiworld
