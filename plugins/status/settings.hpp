// The status feature's part of the rules (the "status" section): who may send 1C's status events
// (Basic credentials come from onec.inbound; an optional HMAC secret and source allow-list), which
// event types exist and in what order deals move, and how long to look for a deal not linked yet.
#pragma once

#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace hs1c::status {

struct settings {
    // Event types in the order a deal moves through them; an event earlier than the last one applied
    // to the deal is not applied when never_backwards is on.
    std::vector<std::string> events{"invoice", "payment"};
    bool never_backwards = true;
    bool never_from_closed = true;  // a deal won (142) or lost (143) stays where it is
    std::string hmac_secret;        // empty: no signature required
    std::chrono::seconds hmac_window{300};
    std::vector<std::string> allow_from;  // addresses or CIDR prefixes; empty: anyone with credentials
    std::chrono::milliseconds find_deal_for{600'000};  // the link may still be on its way from orders
    std::chrono::milliseconds retry_base{2'000};
    std::chrono::milliseconds retry_cap{60'000};
    std::chrono::milliseconds poll{1'000};
};

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems);

}  // namespace hs1c::status
