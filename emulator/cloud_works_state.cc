#include "emulator/cloud_works_state.h"

#include "absl/strings/str_format.h"

namespace anaplan::emulator {
namespace {

uint64_t Mix(uint64_t x) {
  // splitmix64 over a counter: ids look random but repeat run to run.
  uint64_t z = x * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

template <typename Map>
typename Map::mapped_type* Find(Map& map, const std::string& id) {
  auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

std::string CloudWorksState::NewId() {
  const uint64_t a = Mix(++id_counter + 0xC1000000ULL);
  const uint64_t b = Mix(++id_counter + 0xC1000000ULL);
  return absl::StrFormat("%016x%016x", a, b);
}

CwConnection* CloudWorksState::FindConnection(const std::string& id) {
  return Find(connections, id);
}
CwIntegration* CloudWorksState::FindIntegration(const std::string& id) {
  return Find(integrations, id);
}
CwNotification* CloudWorksState::FindNotification(const std::string& id) {
  return Find(notifications, id);
}
CwFlow* CloudWorksState::FindFlow(const std::string& id) {
  return Find(flows, id);
}
CwRun* CloudWorksState::FindRun(const std::string& id) {
  return Find(runs, id);
}

}  // namespace anaplan::emulator
