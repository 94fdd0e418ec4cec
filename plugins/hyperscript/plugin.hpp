// How other features reach the HyperScript feature's settings (RPC path, method names, the cart value
// prefix): read once per generation from the "hyperscript" section.
#pragma once

#include "plugins/hyperscript/settings.hpp"

#include <memory>
#include <string_view>

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::hyperscript {

inline constexpr std::string_view cart_value_prefix = "hs1c-cart:";

// Problems of the section are recorded once, by whoever asks first.
std::shared_ptr<const settings> settings_from(routing::plugin_registry& registry);

}  // namespace hs1c::hyperscript
