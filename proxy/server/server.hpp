// The proxy process: worker threads (one io_context each), listeners, the store, signal handling
// (SIGTERM/SIGINT drain, SIGHUP reload) and the plugins' background tasks.
#pragma once

#include "proxy/config/rules.hpp"

#include <string>

namespace hs1c::server {

// Runs until a stop signal has drained the proxy; returns the process exit code.
int run_proxy(const std::string& rules_path, config::rules rules);

// Builds the whole configuration generation (plugins included) without listening, for --check.
// Prints problems to stderr; returns the exit code.
int check_rules(const std::string& rules_path);

}  // namespace hs1c::server
