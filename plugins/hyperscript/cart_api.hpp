// The cart API of DESIGN §7 (/_hs1c/api/v1/carts…): thin handlers over the store and the nomenclature
// service, which supplies the 1C names and checks that a parameter and a value belong to the item.
#pragma once

#include "plugins/hyperscript/settings.hpp"

#include <memory>

namespace hs1c::routing {
class plugin_registry;
}
namespace hs1c::nomenclature {
class service;
}

namespace hs1c::hyperscript {

void register_cart_api(routing::plugin_registry& registry, const settings& s,
                       std::shared_ptr<nomenclature::service> nomenclature);

}  // namespace hs1c::hyperscript
