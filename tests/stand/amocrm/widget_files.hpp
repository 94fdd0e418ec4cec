// Files the deal card serves from disk: the widget package folder given by --widget (read on every
// request, so edits show on reload) and jQuery from the repository's node_modules.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hs1c::stand::amo {

struct served_file {
    std::string body;
    std::string content_type;
};

class widget_folder {
public:
    explicit widget_folder(const std::string& dir);  // empty: no widget

    bool present() const { return !root_.empty(); }
    bool has(std::string_view relative) const;
    // A file below the folder; nullopt when absent or when the path tries to leave the folder.
    std::optional<served_file> read(std::string_view relative) const;

private:
    std::optional<std::filesystem::path> resolve(std::string_view relative) const;

    std::filesystem::path root_;
};

// jQuery's minified build: env HS1C_JQUERY (a file), else node_modules/jquery/dist/jquery.min.js found
// by walking up from the current directory and then from the executable's directory.
std::optional<std::string> find_jquery();

}  // namespace hs1c::stand::amo
