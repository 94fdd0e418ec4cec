#include "proxy/config/file_paths.hpp"

#include <filesystem>
#include <fstream>

namespace hs1c::config {

std::string resolve_path(const std::string& base_dir, const std::string& path)
{
    const std::filesystem::path p(path);
    if (path.empty() || p.is_absolute() || base_dir.empty())
        return path;
    return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

std::optional<std::string> unreadable_file_reason(const std::string& path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
        return "file does not exist: " + path;
    if (!std::filesystem::is_regular_file(status))
        return "not a regular file: " + path;
    if (!std::ifstream(path, std::ios::binary).is_open())
        return "file is not readable: " + path;
    return std::nullopt;
}

}  // namespace hs1c::config
