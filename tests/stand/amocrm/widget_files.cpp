#include "tests/stand/amocrm/widget_files.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace hs1c::stand::amo {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view jquery_env = "HS1C_JQUERY";
constexpr std::string_view jquery_relative = "node_modules/jquery/dist/jquery.min.js";
constexpr std::string_view self_exe = "/proc/self/exe";
constexpr std::string_view binary_type = "application/octet-stream";

std::optional<std::string> read_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string_view content_type_of(const fs::path& path) {
    static const std::map<std::string, std::string_view, std::less<>> types{
        {".json", "application/json; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},          {".html", "text/html; charset=utf-8"},
        {".twig", "text/plain; charset=utf-8"},       {".txt", "text/plain; charset=utf-8"},
        {".png", "image/png"},                        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},                      {".gif", "image/gif"},
        {".svg", "image/svg+xml"},
    };
    const auto it = types.find(path.extension().string());
    return it == types.end() ? binary_type : it->second;
}

std::optional<std::string> find_upwards(fs::path dir) {
    std::error_code ec;
    dir = fs::weakly_canonical(dir, ec);
    if (ec) return std::nullopt;
    for (;;) {
        if (auto found = read_file(dir / jquery_relative)) return found;
        if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

}  // namespace

widget_folder::widget_folder(const std::string& dir) {
    if (dir.empty()) return;
    std::error_code ec;
    root_ = fs::weakly_canonical(fs::absolute(dir), ec);
    if (ec || !fs::is_directory(root_, ec)) throw std::invalid_argument("--widget: not a folder: " + dir);
}

std::optional<fs::path> widget_folder::resolve(std::string_view relative) const {
    if (!present() || relative.empty() || relative.find('\0') != std::string_view::npos ||
        relative.find('\\') != std::string_view::npos)
        return std::nullopt;
    const fs::path rel(relative);
    if (rel.is_absolute()) return std::nullopt;
    for (const auto& part : rel)
        if (part == "..") return std::nullopt;
    return root_ / rel;
}

bool widget_folder::has(std::string_view relative) const {
    const auto path = resolve(relative);
    std::error_code ec;
    return path && fs::is_regular_file(*path, ec);
}

std::optional<served_file> widget_folder::read(std::string_view relative) const {
    const auto path = resolve(relative);
    if (!path) return std::nullopt;
    auto body = read_file(*path);
    if (!body) return std::nullopt;
    return served_file{std::move(*body), std::string(content_type_of(*path))};
}

std::optional<std::string> find_jquery() {
    if (const char* given = std::getenv(std::string(jquery_env).c_str()); given && *given) return read_file(given);
    std::error_code ec;
    if (auto found = find_upwards(fs::current_path(ec))) return found;
    const auto exe = fs::read_symlink(self_exe, ec);
    if (!ec) return find_upwards(exe.parent_path());
    return std::nullopt;
}

}  // namespace hs1c::stand::amo
