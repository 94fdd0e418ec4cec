// The status event endpoint 1C calls (POST /_hs1c/1c/status: source, Basic and optional HMAC checks,
// durable commit, then 202) and the admin routes to list and retry events.
#pragma once

#include <memory>

namespace hs1c::routing {
class plugin_registry;
}
namespace hs1c::onec {
class gateway;
}

namespace hs1c::status {

class applier;

void register_routes(routing::plugin_registry& registry, std::shared_ptr<applier> applier,
                     std::shared_ptr<onec::gateway> onec);

}  // namespace hs1c::status
