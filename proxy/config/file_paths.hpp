// File paths in the rules: relative ones are relative to the rules file's own folder, so a rules file
// works whatever directory the proxy is started from.
#pragma once

#include <optional>
#include <string>

namespace hs1c::config {

// `path` unchanged when empty or absolute or when base_dir is empty; else base_dir/path, normalised.
std::string resolve_path(const std::string& base_dir, const std::string& path);

// Why a file the proxy must read at start-up cannot be read, or nullopt when it can.
std::optional<std::string> unreadable_file_reason(const std::string& path);

}  // namespace hs1c::config
