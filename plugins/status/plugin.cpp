// Registers the status feature: the event endpoint 1C calls, the store tables, the worker that moves
// amoCRM deals, and the admin routes, when the rules have a "status" section. Needs the 1C gateway
// (for 1C's credentials) and amoCRM.
#include "plugins/amocrm/gateway.hpp"
#include "plugins/onec/plugin.hpp"
#include "plugins/status/applier.hpp"
#include "plugins/status/event_store.hpp"
#include "plugins/status/routes.hpp"
#include "plugins/status/settings.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/routing/plugin_section.hpp"

#include <boost/json/object.hpp>

namespace {

constexpr std::string_view section = "status";

hs1c::status::settings read_section(hs1c::routing::plugin_registry& registry, bool& present) {
    return hs1c::routing::read_plugin_section<hs1c::status::settings>(registry, section, hs1c::status::read_settings,
                                                                      &present);
}

boost::asio::awaitable<void> run_applier(std::shared_ptr<hs1c::status::applier> a) { co_await a->run(); }

}  // namespace

void hs1c_register_status(hs1c::routing::plugin_registry& registry) {
    namespace status = hs1c::status;
    registry.claim_section(std::string(section));
    bool present = false;
    auto settings = read_section(registry, present);
    registry.add_migrations(status::store_component, status::migrations());
    if (!present) {
        // Off until the rules ask for it: the endpoint says so, 1C keeps its events and retries.
        status::register_routes(registry, nullptr, nullptr);
        return;
    }
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
