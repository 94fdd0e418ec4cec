// How features reach the 1C gateway: one gateway per generation of the rules, shared by every
// feature (so they share the licence cap), built from the "onec" section on first use.
#pragma once

#include <memory>

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::onec {

class gateway;

// nullptr when the rules have no "onec" section or it has problems (recorded in the registry).
std::shared_ptr<gateway> gateway_from(routing::plugin_registry& registry);

}  // namespace hs1c::onec
