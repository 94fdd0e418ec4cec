// Registers the amoCRM gateway: validates the "amocrm" section, adds the token table to the store,
// resolves names in the background, serves the OAuth callback and the admin routes, and reports the
// connection in /readyz. A ban makes the proxy not ready (DESIGN §6.6: "amoCRM not blocked"); a
// missing authorisation or unresolved names leave it ready, since HyperScript and 1C are still
// served and amoCRM work waits in its queues, but the detail says so.
#include "plugins/amocrm/plugin.hpp"

#include "plugins/amocrm/gateway.hpp"
#include "plugins/amocrm/routes.hpp"
#include "plugins/amocrm/token_store.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"

#include <boost/json/object.hpp>

namespace hs1c::amocrm {

namespace {

constexpr std::string_view section = "amocrm";
constexpr std::string_view service_key = "amocrm.gateway";

std::shared_ptr<gateway> make_gateway(routing::plugin_registry& registry) {
    const auto& rules = registry.rules();
    const auto* raw = rules.sections.if_contains(section);
    if (!raw) return nullptr;
    const std::string path = "/" + std::string(section);
    const auto* obj = raw->if_object();
    if (!obj) {
        registry.problem(path, "must be an object");
        return nullptr;
    }
    std::vector<config::problem> problems;
    auto settings = read_settings(*obj, path, problems);
    const auto* upstream = rules.find_upstream(settings.upstream);
    if (!upstream) problems.push_back({path + "/upstream", "no upstream named \"" + settings.upstream + "\""});
    auto client = upstream ? registry.core().upstream(settings.upstream) : nullptr;
    if (upstream && !client) problems.push_back({path + "/upstream", "the upstream could not be set up"});
    for (auto& p : problems) registry.problem(std::move(p.path), std::move(p.message));
    if (!problems.empty()) return nullptr;
    return std::make_shared<gateway>(std::move(settings), std::move(client), registry.core().store,
                                     registry.core().metrics);
}

}  // namespace

std::shared_ptr<gateway> gateway_from(routing::plugin_registry& registry) {
    return registry.shared<gateway>(service_key, [&] { return make_gateway(registry); });
}

}  // namespace hs1c::amocrm

void hs1c_register_amocrm(hs1c::routing::plugin_registry& registry) {
    namespace amo = hs1c::amocrm;
    registry.claim_section(std::string(amo::section));
    auto gw = amo::gateway_from(registry);
    if (!gw) return;
    registry.add_migrations(std::string(amo::token_store::component), amo::token_store::migrations());
    registry.add_background_task("amocrm", [gw](hs1c::routing::services&) { return gw->start(); });
    std::weak_ptr<amo::gateway> weak = gw;
    registry.add_readiness_check("amocrm", [weak] {
        auto g = weak.lock();
        if (!g) return hs1c::routing::readiness{true, "gone"};
        const auto state = g->state();
        return hs1c::routing::readiness{state != amo::auth_state::banned,
                                        std::string(amo::to_string(state)) + ": " + std::string(g->state_detail())};
    });
    amo::register_routes(registry, std::move(gw));
}
