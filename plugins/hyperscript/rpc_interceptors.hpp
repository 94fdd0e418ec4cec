// The interceptors on HyperScript's RPC path: add_field of the nomenclature type rewritten on the way
// in and recorded on the way out; script loads and field lists marked on the way back (DESIGN §3).
#pragma once

#include "plugins/hyperscript/settings.hpp"

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::hyperscript {

void register_rpc_interceptors(routing::plugin_registry& registry, const settings& s);

}  // namespace hs1c::hyperscript
