// Test scratch files under /tmp, unique per process and removed when the test binary exits.
#pragma once

#include <cstdio>
#include <string>
#include <vector>
#include <unistd.h>

namespace testfiles {

struct Registry {
  std::vector<std::string> paths;
  ~Registry() {
    for (const auto& p : paths)
      for (auto suffix : {"", ".rejected", ".bad", ".tmp"}) std::remove((p + suffix).c_str());
  }
};

inline Registry& registry() {
  static Registry r;
  return r;
}

/** A fresh path (nothing there yet, side files included) that is cleaned up at exit. */
inline std::string path(const std::string& name) {
  std::string p = "/tmp/aiworld-test-" + std::to_string(::getpid()) + "-" + name;
  for (auto suffix : {"", ".rejected", ".bad", ".tmp"}) std::remove((p + suffix).c_str());
  registry().paths.push_back(p);
  return p;
}

}  // namespace testfiles
