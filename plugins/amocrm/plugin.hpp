// How features reach the amoCRM gateway: one gateway per generation of the rules, shared by every
// feature (its account link, with the request budget, the ban and the tokens, is shared further, by
// the whole process), built from the "amocrm" section on first use.
#pragma once

#include <memory>

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::amocrm {

class gateway;

// nullptr when the rules have no "amocrm" section or it has problems (recorded in the registry).
std::shared_ptr<gateway> gateway_from(routing::plugin_registry& registry);

}  // namespace hs1c::amocrm
