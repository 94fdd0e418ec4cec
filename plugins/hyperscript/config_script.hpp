// The injected UI's configuration as a script (`window.hs1cConfig = {…};`): every HyperScript name
// the page code relies on comes from the rules, so a change on HyperScript's side needs no rebuild.
#pragma once

#include "plugins/hyperscript/settings.hpp"

#include <string>
#include <string_view>

namespace hs1c::hyperscript {

// `api`: the prefix of the proxy's API; `min_letters`: the nomenclature search's minimum.
std::string config_script(const settings& s, std::string_view api, std::size_t min_letters);

}  // namespace hs1c::hyperscript
