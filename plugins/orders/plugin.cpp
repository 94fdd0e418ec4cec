// Registers the orders feature: the outbox tables, the «Разговор окончен» interceptor, the worker that
// drains the outbox, and the outbox's admin routes. Needs the 1C gateway; links deals through amoCRM
// when the "amocrm" section is there.
#include "plugins/onec/plugin.hpp"
#include "plugins/orders/admin.hpp"
#include "plugins/orders/deal_link.hpp"
#include "plugins/orders/outbox.hpp"
#include "plugins/orders/save_log_interceptor.hpp"
#include "plugins/orders/service.hpp"
#include "plugins/orders/settings.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/routing/plugin_section.hpp"

#include <boost/json/object.hpp>

namespace {

constexpr std::string_view section = "orders";

hs1c::orders::settings read_section(hs1c::routing::plugin_registry& registry) {
    return hs1c::routing::read_plugin_section<hs1c::orders::settings>(registry, section, hs1c::orders::read_settings);
}

boost::asio::awaitable<void> run_worker(std::shared_ptr<hs1c::orders::order_service> service) {
    co_await service->run();
}

}  // namespace

void hs1c_register_orders(hs1c::routing::plugin_registry& registry) {
    namespace orders = hs1c::orders;
    registry.claim_section(std::string(section));
    auto settings = read_section(registry);
    registry.add_migrations(orders::store_component, orders::migrations());
    auto onec = hs1c::onec::gateway_from(registry);
    if (!onec) return;  // without 1C there is nowhere to send orders; save_log passes untouched
    auto service = std::make_shared<orders::order_service>(std::move(settings), std::move(onec),
                                                           orders::deal_linker_from(registry), registry.core().store,
                                                           registry.core().metrics);
    orders::register_save_log_interceptor(registry, service);
    orders::register_outbox_routes(registry, service);
    registry.add_background_task("orders.outbox", [service](hs1c::routing::services&) { return run_worker(service); });
}
