// The 1C gateway's part of the rules (the "onec" section): which upstream, profile and mapping
// overrides, credentials both ways, timeouts, the licence queue, the breaker and read retries.
#pragma once

#include "plugins/onec/backoff.hpp"
#include "plugins/onec/mapping.hpp"
#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace hs1c::onec {

struct gateway_settings {
    std::string upstream = "onec";  // key in the rules' upstreams; its max_concurrent is the licence cap
    onec::mapping mapping;
    std::string user;      // Basic auth to 1C; empty = none
    std::string password;
    std::chrono::milliseconds timeout{35'000};  // one 1C call; a cold 1C session takes over 30 s
    std::size_t body_limit = 8 * 1024 * 1024;
    std::size_t queue_max = 64;                 // callers waiting for a licence beyond the cap
    std::chrono::milliseconds queue_wait{10'000};
    std::size_t breaker_failures = 5;
    std::chrono::milliseconds breaker_open{15'000};
    unsigned attempts = 2;  // tries of an idempotent read, the first included
    backoff_policy backoff;
    // What 1C presents when it calls the proxy (status events, cache invalidation); empty user =
    // those routes refuse everyone.
    std::string inbound_user;
    std::string inbound_password;
};

// Reads the section at `path` ("/onec"), starting from the profile's defaults; every problem is
// recorded with its JSON pointer. Secrets are never put into messages.
gateway_settings read_settings(const boost::json::object& section, const std::string& path,
                               std::vector<config::problem>& problems);

}  // namespace hs1c::onec
