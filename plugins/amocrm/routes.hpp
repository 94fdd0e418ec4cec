// The amoCRM routes: the OAuth callback amoCRM redirects to (public listener) and the operations
// routes on the admin listener that show the connection, drive the gateway and lift a ban.
#pragma once

#include <memory>
#include <string_view>

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::amocrm {

class gateway;

inline constexpr std::string_view callback_path = "/_hs1c/amocrm/oauth/callback";

void register_routes(routing::plugin_registry& registry, std::shared_ptr<gateway> gw);

}  // namespace hs1c::amocrm
