// The amoCRM gateway's part of the rules (the "amocrm" section): which upstream, how to authorise
// (OAuth or a long-lived token), the «Идентификатор 1С» field and the stages by name, the
// self-imposed request rate, the timeout and the retry policy.
#pragma once

#include "plugins/amocrm/backoff.hpp"
#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace hs1c::amocrm {

enum class auth_mode { oauth, long_lived };

// A stage named as people see it in amoCRM; resolved to ids at start-up.
struct stage_names {
    std::string pipeline;
    std::string status;
};

// amoCRM refuses an 8th request in a second; our ceiling stays below it.
inline constexpr unsigned amo_rps_limit = 7;
inline constexpr unsigned default_rps = 6;

struct gateway_settings {
    std::string upstream = "amocrm";
    auth_mode mode = auth_mode::oauth;
    std::string client_id;
    std::string client_secret;
    std::string redirect_uri;
    std::string long_lived_token;
    std::string onec_id_field;                  // custom field name; "" = not configured
    std::map<std::string, stage_names> stages;  // event ("payment", "invoice") → stage
    unsigned rps = default_rps;
    std::chrono::milliseconds timeout{15'000};  // one request
    retry_policy retry;
};

// Reads the section at `path` ("/amocrm"); every problem is recorded with its JSON pointer. Secrets
// are never put into messages.
gateway_settings read_settings(const boost::json::object& section, const std::string& path,
                               std::vector<config::problem>& problems);

std::string_view to_string(auth_mode m);

}  // namespace hs1c::amocrm
