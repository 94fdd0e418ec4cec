// hs1c-proxy: the command line. `--rules FILE` runs, `--check --rules FILE` validates, `--version`.
#include "proxy/config/loader.hpp"
#include "proxy/server/server.hpp"

#include <iostream>
#include <string>

namespace {

constexpr std::string_view usage =
    "usage: hs1c-proxy --rules FILE          run with the rules in FILE\n"
    "       hs1c-proxy --check --rules FILE  validate FILE (plugins included), print every problem\n"
    "       hs1c-proxy --version\n";

}  // namespace

int main(int argc, char** argv) {
    std::string rules_path;
    bool check = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--version") {
            std::cout << "hs1c-proxy " << HS1C_VERSION << "\n";
            return 0;
        }
        if (arg == "--check") {
            check = true;
        } else if (arg == "--rules" && i + 1 < argc) {
            rules_path = argv[++i];
        } else {
            std::cerr << usage;
            return 2;
        }
    }
    if (rules_path.empty()) {
        std::cerr << usage;
        return 2;
    }
    try {
        if (check) return hs1c::server::check_rules(rules_path);
        auto loaded = hs1c::config::load_rules_file(rules_path, hs1c::config::process_env);
        if (!loaded.value) {
            std::cerr << hs1c::config::format_problems(loaded.problems);
            return 1;
        }
        return hs1c::server::run_proxy(rules_path, std::move(*loaded.value));
    } catch (const std::exception& e) {
        std::cerr << "hs1c-proxy: " << e.what() << "\n";
        return 1;
    }
}
