#include "proxy/routing/plugin.hpp"

namespace hs1c::routing {

std::string_view request_context::param(std::string_view name) const {
    for (const auto& [k, v] : params)
        if (k == name) return v;
    return {};
}

}  // namespace hs1c::routing
