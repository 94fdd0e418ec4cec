// The widget API's part of the rules (the "widget" section): how the amoCRM disposable token is
// checked (secret, audience, account, clock skew), which origins get CORS, and how long an order read
// from 1C is kept.
#pragma once

#include "plugins/widget/token.hpp"
#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace hs1c::widget {

struct settings {
    token_rules token;
    std::vector<std::string> origins;  // e.g. "https://company.amocrm.ru"; exact scheme://host[:port]
    std::chrono::milliseconds order_cache{30'000};
};

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems);

}  // namespace hs1c::widget
