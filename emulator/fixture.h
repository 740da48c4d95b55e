#ifndef ANAPLAN_EMULATOR_FIXTURE_H_
#define ANAPLAN_EMULATOR_FIXTURE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

#include "emulator/model_data.h"

namespace anaplan::emulator {

/// Parses a fixture document (see fixtures/demo.json for the format).
/// \error InvalidArgument when the text is not JSON or misses required keys.
absl::StatusOr<Tenant> ParseFixture(std::string_view json_text);

/// The fixture text for `path`, or the built-in demo fixture when `path` is
/// empty (embedded at build time; falls back to the source-tree copy).
/// \error NotFound when the file cannot be read.
absl::StatusOr<std::string> LoadFixtureText(const std::string& path);

/// The demo fixture compiled into the binary (generated source).
std::string_view EmbeddedFixtureJson();

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_FIXTURE_H_
