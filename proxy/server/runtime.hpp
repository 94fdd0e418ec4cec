// One generation of the proxy's configuration in force: rules, route table (plugins registered),
// upstream pools and readiness checks. Built at start-up and on SIGHUP; sessions hold a shared_ptr to
// the generation they started with, so a reload never disturbs a request in flight.
#pragma once

#include "proxy/config/loader.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/routing/route_table.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hs1c::upstream {
class pool;
}

namespace hs1c::server {

using background_task = std::function<boost::asio::awaitable<void>(routing::services&)>;

struct runtime {
    config::rules rules;
    routing::route_table routes;
    std::map<std::string, std::shared_ptr<upstream::pool>, std::less<>> pools;
    std::vector<std::pair<std::string, std::function<routing::readiness()>>> readiness_checks;
    std::vector<std::pair<std::string, background_task>> background_tasks;
    std::map<std::string, std::vector<std::string>> migrations;
    std::vector<std::string> claimed_sections;  // top-level rules keys some plugin read
    std::unique_ptr<routing::services> services;
    std::map<std::string, std::shared_ptr<void>, std::less<>> shared_services;  // by key

    std::shared_ptr<upstream::pool> pool_for(std::string_view name) const;
};

// Hooks the core's own local routes (admin) need from the server.
struct core_routes {
    std::function<std::vector<std::pair<std::string, routing::readiness>>()> readiness;
    std::function<std::string()> metrics_text;
};

// Builds a generation: creates pools, registers the core's admin routes and every linked plugin.
// Problems (bad plugin sections, CA files…) are appended; the result is unusable if any were added.
std::shared_ptr<runtime> build_runtime(config::rules rules, store::database& store, observe::metrics& metrics,
                                       const core_routes& core, std::vector<config::problem>& problems);

}  // namespace hs1c::server
