// The orders feature's part of the rules (the "orders" section): how long an operator's «Разговор
// окончен» may wait for 1C, where the deal id comes from, which fields go to 1C, and the outbox's
// retry pace.
#pragma once

#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace hs1c::orders {

// One link of the deal-id chain (DESIGN §3): the first that yields a positive integer wins.
struct deal_source {
    enum class kind { field_sys_name, field_name, context } from = kind::field_sys_name;
    std::string name;
};

struct settings {
    std::chrono::milliseconds submit_budget{3'000};  // 1C gets this long while the operator waits
    std::vector<deal_source> deal_id{{deal_source::kind::field_sys_name, "lead_id"},
                                     {deal_source::kind::context, "lead_id"}};
    bool all_fields = true;            // every other field of the script goes to 1C…
    std::vector<std::string> fields;   // …or only these (by name) when all_fields is false
    std::chrono::milliseconds retry_base{2'000};
    std::chrono::milliseconds retry_cap{300'000};
    std::chrono::milliseconds poll{1'000};  // the worker looks for due work at least this often
    std::chrono::milliseconds call_timeout{30'000};  // one background 1C or amoCRM step
};

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems);

}  // namespace hs1c::orders
