// How the orders feature writes a 1C order id into an amoCRM deal: the amoCRM gateway's call and
// what its failures mean for the outbox (retry later, or park with a reason).
#pragma once

#include "plugins/orders/service.hpp"

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::orders {

// Empty when the rules have no "amocrm" section.
deal_linker deal_linker_from(routing::plugin_registry& registry);

}  // namespace hs1c::orders
