#include "proxy/config/rules.hpp"

#include <algorithm>

namespace hs1c::config {

const upstream* rules::find_upstream(std::string_view name) const
{
    const auto it = std::find_if(upstreams.begin(), upstreams.end(),
                                 [name](const upstream& u) { return u.name == name; });
    return it == upstreams.end() ? nullptr : &*it;
}

}  // namespace hs1c::config
