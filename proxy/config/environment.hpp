// Where "$env:NAME" values in the rules come from: the process environment, or a map in tests.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hs1c::config {

using env_lookup = std::function<std::optional<std::string>(std::string_view name)>;

std::optional<std::string> process_env(std::string_view name);

}  // namespace hs1c::config
