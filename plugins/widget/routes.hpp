// The widget API (DESIGN §7): a deal's 1C order id and number, and an order's lines read live from 1C
// (briefly cached), both behind amoCRM's disposable token and CORS for the account's origin.
#pragma once

#include "plugins/widget/settings.hpp"

#include <memory>

namespace hs1c::routing {
class plugin_registry;
}
namespace hs1c::onec {
class gateway;
}
namespace hs1c::amocrm {
class gateway;
}

namespace hs1c::widget {

void register_routes(routing::plugin_registry& registry, const settings& s, std::shared_ptr<onec::gateway> onec,
                     std::shared_ptr<amocrm::gateway> amocrm);

}  // namespace hs1c::widget
