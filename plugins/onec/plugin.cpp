// Registers the 1C gateway: validates the "onec" section at start-up even when no feature uses it,
// and reports the breaker in /readyz.
#include "plugins/onec/plugin.hpp"

#include "plugins/onec/gateway.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"

#include <boost/json/object.hpp>

namespace hs1c::onec {

namespace {

constexpr std::string_view section = "onec";
constexpr std::string_view service_key = "onec.gateway";

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
    return std::make_shared<gateway>(std::move(settings), std::move(client), upstream->max_concurrent,
                                     registry.core().metrics);
}

}  // namespace

std::shared_ptr<gateway> gateway_from(routing::plugin_registry& registry) {
    return registry.shared<gateway>(service_key, [&] { return make_gateway(registry); });
}

}  // namespace hs1c::onec

void hs1c_register_onec(hs1c::routing::plugin_registry& registry) {
    registry.claim_section(std::string(hs1c::onec::section));
    auto gw = hs1c::onec::gateway_from(registry);
    if (!gw) return;
    // Readiness stays green while the breaker is open: the proxy still serves HyperScript and cached
    // answers; the state is shown so operations can see 1C is being spared.
    std::weak_ptr<hs1c::onec::gateway> weak = gw;
    registry.add_readiness_check("onec", [weak] {
        auto g = weak.lock();
        return hs1c::routing::readiness{true, g ? "breaker " + std::string(g->breaker_state()) : "gone"};
    });
}
