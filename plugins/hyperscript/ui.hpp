// The plugin's browser assets, embedded at build time from ui/ (see CMakeLists.txt).
#pragma once

#include <string_view>

namespace hs1c::hyperscript::ui {

std::string_view plugin_js();
std::string_view plugin_css();

}  // namespace hs1c::hyperscript::ui
