// Operations on the outbox (admin listener): list orders by state, put a parked one back to work;
// and, for the injected UI, what became of a cart's order.
#pragma once

#include <memory>

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::orders {

class order_service;

void register_outbox_routes(routing::plugin_registry& registry, std::shared_ptr<order_service> service);

}  // namespace hs1c::orders
