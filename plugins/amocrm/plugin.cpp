// Placeholder registration until the gateway lands.
#include "proxy/routing/plugin.hpp"

void hs1c_register_amocrm(hs1c::routing::plugin_registry&) {}
