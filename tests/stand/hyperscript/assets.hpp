// The HyperScript stand's page assets, embedded at build time from assets/ (see hs1c_embed).
#pragma once

#include <string_view>

namespace hs1c::stand::assets {

std::string_view index_html();
std::string_view app_js();
std::string_view app_css();

}  // namespace hs1c::stand::assets
