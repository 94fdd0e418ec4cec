// The amoCRM stand's files embedded at build time from assets/ (see hs1c_embed).
#pragma once

#include <string_view>

namespace hs1c::stand::amo_assets {

std::string_view card_html();
std::string_view card_css();
std::string_view card_js();
std::string_view blocked_403_html();  // a copy of tests/fixtures/cases/amocrm/blocked-403.html

}  // namespace hs1c::stand::amo_assets
