// The proxy's rules (configuration) as plain types: what the core needs, plus the raw JSON of every
// top-level section so plugins can read their own. Loading and validation live in loader.hpp.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::config {

using milliseconds = std::chrono::milliseconds;

struct tls_files {
    std::string cert_file;  // PEM certificate chain
    std::string key_file;   // PEM private key
};

struct listener {
    std::string name;  // "https", "http", "admin": used in logs and metrics
    std::string host;  // literal IP address to bind
    std::uint16_t port = 0;  // 0 picks a free port (tests); the bound port is logged
    std::optional<tls_files> tls;
};

struct limits {
    std::size_t header_bytes = 16 * 1024;           // request header block; beyond → 431
    std::size_t body_bytes = 64 * 1024 * 1024;      // streamed request bodies; beyond → 413
    std::size_t buffered_body_bytes = 1024 * 1024;  // bodies a local handler or interceptor reads whole
    std::size_t response_header_bytes = 64 * 1024;  // upstream response header block
    std::size_t html_rewrite_bytes = 8 * 1024 * 1024;  // larger HTML passes through uninjected
    std::size_t max_connections = 10000;            // per proxy; extra connections are closed at once
};

struct timeouts {
    milliseconds header_read{10'000};     // whole request header (slowloris)
    milliseconds idle{60'000};            // keep-alive wait for the next request
    milliseconds body_idle{30'000};       // no body bytes for this long → the exchange is abandoned
    milliseconds drain{10'000};           // SIGTERM: in-flight requests get this long to finish
};

struct upstream {
    std::string name;          // key in the rules' "upstreams" object
    std::string url;           // as written, e.g. "https://hyper-script.ru" or "http://127.0.0.1:18002/trade"
    std::string scheme;        // "http" or "https"
    std::string host;          // name or literal address, without brackets
    std::uint16_t port = 0;    // explicit or the scheme's default
    std::string base_path;     // path prefix from the URL without a trailing slash ("" for none)
    std::string ca_file;       // PEM bundle; empty → the system store
    bool verify_tls = true;    // false only for explicit test setups; logged loudly at start-up
    std::size_t pool_max_idle = 32;     // idle keep-alive connections kept per I/O thread
    milliseconds pool_idle_timeout{30'000};  // shorter than the upstream's own keep-alive timeout
    milliseconds connect_timeout{5'000};
    milliseconds first_byte_timeout{60'000};  // request sent → response header received
    std::size_t max_concurrent = 0;  // 0 = unlimited; plugins (1C) use it as the licence cap
};

struct route {
    std::string name;                 // used in logs and metrics
    std::vector<std::string> hosts;   // Host names this route serves; empty = any of ours
    std::vector<std::string> methods; // upper-case; empty = any
    std::string path_prefix = "/";
    std::string upstream;             // key into rules::upstreams
    bool inject_html = false;         // text/html answers get the injection snippet
    std::optional<std::size_t> body_bytes;  // overrides limits::body_bytes
};

struct injection {
    std::vector<std::string> scripts;  // URLs inserted as <script defer src=…>
    std::vector<std::string> styles;   // URLs inserted as <link rel="stylesheet" href=…>
};

struct admin {
    listener listen;  // loopback by default
};

struct observe {
    std::string log_level = "info";  // "debug", "info", "warn", "error"
    bool access_log = true;
};

struct store {
    std::string path = "var/hs1c.db";
};

struct rules {
    std::vector<listener> public_listeners;
    admin admin_listener;
    unsigned threads = 0;  // 0 → one per core
    std::vector<std::string> server_names;  // Host values (without port) we answer for; absolute-form
                                            // targets naming any other host are refused
    bool trust_request_id = false;  // keep an incoming X-Request-ID instead of generating one
    // Types qualified: a member named like its type would otherwise change the name's meaning.
    config::limits limits;
    config::timeouts timeouts;
    std::vector<upstream> upstreams;
    std::vector<route> routes;
    config::injection injection;
    config::store store;
    config::observe observe;
    boost::json::object sections;  // the whole document after $env substitution, for plugins

    const upstream* find_upstream(std::string_view name) const;
};

}  // namespace hs1c::config
