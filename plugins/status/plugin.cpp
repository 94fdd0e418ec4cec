// Registers the status feature: the event endpoint 1C calls, the store tables, the worker that moves
// amoCRM deals, and the admin routes. Needs the 1C gateway (for 1C's credentials) and amoCRM.
#include "plugins/amocrm/gateway.hpp"
#include "plugins/onec/plugin.hpp"
#include "plugins/status/applier.hpp"
#include "plugins/status/event_store.hpp"
#include "plugins/status/routes.hpp"
#include "plugins/status/settings.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"

#include <boost/json/object.hpp>

namespace {

constexpr std::string_view section = "status";

hs1c::status::settings read_section(hs1c::routing::plugin_registry& registry) {
    hs1c::status::settings s;
    const std::string path = "/" + std::string(section);
    if (const auto* raw = registry.rules().sections.if_contains(section)) {
        if (const auto* obj = raw->if_object()) {
            std::vector<hs1c::config::problem> problems;
            s = hs1c::status::read_settings(*obj, path, problems);
            for (auto& p : problems) registry.problem(std::move(p.path), std::move(p.message));
        } else {
            registry.problem(path, "must be an object");
        }
    }
    return s;
}

boost::asio::awaitable<void> run_applier(std::shared_ptr<hs1c::status::applier> a) { co_await a->run(); }

}  // namespace

void hs1c_register_status(hs1c::routing::plugin_registry& registry) {
    namespace status = hs1c::status;
    registry.claim_section(std::string(section));
    auto settings = read_section(registry);
    registry.add_migrations(status::store_component, status::migrations());
    auto onec = hs1c::onec::gateway_from(registry);
    auto amocrm = hs1c::amocrm::gateway_from(registry);
    std::shared_ptr<status::applier> apply;
    if (amocrm) {
        // An event type without a stage could only ever be parked: say so at start-up instead.
        for (const auto& e : settings.events) {
            if (!amocrm->settings().stages.contains(e))
                registry.problem("/status/events", "\"" + e + "\" has no stage in amocrm.stages");
        }
    }
    if (onec && amocrm) {
        apply = std::make_shared<status::applier>(std::move(settings), std::move(amocrm), registry.core().store,
                                                  registry.core().metrics);
        registry.add_background_task("status.events", [apply](hs1c::routing::services&) { return run_applier(apply); });
    }
    status::register_routes(registry, apply, std::move(onec));
}
