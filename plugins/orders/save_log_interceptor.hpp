// The «Разговор окончен» interceptor: before HyperScript sees script.save_log, each genuine cart
// reference becomes an order committed to the outbox (and offered to 1C within the budget), and its
// value becomes a readable summary; anything forged, foreign or malformed is forwarded untouched.
#pragma once

#include <memory>

namespace hs1c::routing {
class plugin_registry;
}

namespace hs1c::orders {

class order_service;

void register_save_log_interceptor(routing::plugin_registry& registry, std::shared_ptr<order_service> service);

}  // namespace hs1c::orders
