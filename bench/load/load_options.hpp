// Command-line options of hs1c-load, parsed without I/O so every refusal is unit-tested.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hs1c::bench {

struct load_options {
    std::string host;
    std::string port;
    std::string target = "/";
    std::size_t connections = 1;
    std::chrono::milliseconds duration{std::chrono::seconds(10)};
    // Requests per second over all connections; 0 = closed loop (each connection as fast as it can).
    double rate = 0;
    std::size_t threads = 1;
    std::vector<std::pair<std::string, std::string>> headers;
};

struct parse_result {
    std::optional<load_options> options;
    std::string error;
};

// argv without the program name. Accepts --url, --connections, --duration (seconds, fractions
// allowed), --rate, --threads and repeated --header "Name: value".
parse_result parse_load_options(const std::vector<std::string>& args);

}  // namespace hs1c::bench
