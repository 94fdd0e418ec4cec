// Profile `hs` of the 1C emulator: the HTTP service of DESIGN §4.1 under /trade/hs/hyperscript/v1.
#pragma once

#include "tests/stand/onec/reply.hpp"

#include <string_view>

namespace hs1c::stand::onec {

class catalog;
class order_book;

inline constexpr std::string_view hs_base = "/trade/hs/hyperscript/v1";

struct hs_request {
    std::string_view method;  // "GET", "POST", …
    std::string_view path;    // below hs_base, still percent-encoded: "/nomenclature"
    std::string_view query;   // without '?'
    std::string_view body;
};

reply handle_hs(const hs_request& req, const catalog& cat, order_book& orders, bool nbsp_numbers);

}  // namespace hs1c::stand::onec
