// Profile `odata` of the 1C emulator: the standard OData v3 interface (DESIGN §4.2) under
// /trade/odata/standard.odata/ — nomenclature, its additional properties and their values.
#pragma once

#include "tests/stand/onec/reply.hpp"

#include <string_view>

namespace hs1c::stand::onec {

class catalog;

inline constexpr std::string_view odata_base = "/trade/odata/standard.odata/";

struct odata_request {
    std::string_view method;
    std::string_view path;   // below odata_base, percent-encoded: "Catalog_%D0%9D…"
    std::string_view query;  // without '?'
    std::string_view host;   // the Host header, for odata.metadata and Atom ids
};

reply handle_odata(const odata_request& req, const catalog& cat);

}  // namespace hs1c::stand::onec
