// How other features reach the nomenclature service (the cart takes item names from it): one per
// generation of the rules, built on first use from the "nomenclature" section and the 1C gateway.
#pragma once

#include <memory>

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::nomenclature {

class service;

// nullptr when 1C is not configured (the gateway's problems are recorded in the registry).
std::shared_ptr<service> service_from(routing::plugin_registry& registry);

}  // namespace hs1c::nomenclature
