// The nomenclature API's part of the rules (the "nomenclature" section): query rules, result limit,
// deadlines, debounce and cache policy.
#pragma once

#include "plugins/nomenclature/cache.hpp"
#include "plugins/nomenclature/query.hpp"
#include "proxy/config/problem.hpp"

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace hs1c::nomenclature {

struct settings {
    query_rules query;
    std::size_t limit = 20;                     // items per search answer
    std::chrono::milliseconds deadline{15'000};  // an operator waits at most this long for an answer
    // A 1C fetch may outlive the operator's deadline (a cold 1C session takes over 30 s): it goes on
    // in the background and fills the cache for the next try, up to this budget.
    std::chrono::milliseconds fetch_budget{40'000};
    std::chrono::milliseconds debounce{150};     // 0 = off
    cache_policy cache;
};

inline constexpr std::size_t max_limit = 100;  // what the hs contract lets 1C answer at most

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems);

}  // namespace hs1c::nomenclature
