// Reading and writing amoCRM leads: a lead and a page of leads from API v4 (custom_fields_values may
// be null), the exact-value filter over a full-text query= answer, and the PATCH bodies the gateway
// sends. Pure.
#pragma once

#include "plugins/amocrm/types.hpp"

#include <boost/json/fwd.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::amocrm {

// What the gateway asks for per page of query=; amoCRM allows no more.
inline constexpr std::size_t leads_page_limit = 250;

struct leads_page {
    std::vector<lead> leads;
    bool more = false;  // _links.next is present
};

// A value of a custom field as text: strings as they are, numbers and booleans as JSON writes them,
// anything else (an object of a special field) as its JSON.
std::string value_text(const boost::json::value& v);

// A lead object: "id" must be a positive integer; a missing name is ""; custom_fields_values may be
// null or absent (no fields); elements without a field_id are skipped.
result<lead> read_lead(const boost::json::value& doc);
// `_embedded.leads` of a list answer; null (a 204) is an empty last page.
result<leads_page> read_leads_page(const boost::json::value& doc);

// The leads whose field `field_id` holds a value byte-for-byte equal to `value` (query= also returns
// leads where it is only a part of a value, or in another field), in the order given.
std::vector<lead> exact_matches(std::vector<lead> leads, std::int64_t field_id, std::string_view value);

// {"custom_fields_values":[{"field_id":N,"values":[{"value":"…"}]}]}; an empty value clears the field
// ("values": null), as amoCRM expects.
boost::json::object field_patch(std::int64_t field_id, std::string_view value);
// {"status_id":S,"pipeline_id":P}: amoCRM needs both to move between stages.
boost::json::object stage_patch(std::int64_t pipeline_id, std::int64_t status_id);

}  // namespace hs1c::amocrm
