// A cart as the operator builds it during a call: lines of 1C items with a parameter, a value and a
// quantity. Plain types, quantity rules, ids and the JSON shape of DESIGN §7. Pure functions.
#pragma once

#include "plugins/onec/types.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::hyperscript {

// Quantities in thousandths: metres and kilograms need decimals, money-like exactness matters.
using quantity_milli = std::int64_t;
inline constexpr quantity_milli quantity_scale = 1000;
inline constexpr quantity_milli max_quantity = 1'000'000 * quantity_scale;

struct cart_line {
    std::string id;
    onec::item item;
    std::optional<onec::named> parameter;
    std::optional<onec::named> value;
    quantity_milli quantity = quantity_scale;
};

struct cart {
    std::string id;
    std::string script_id;
    std::string field_id;
    boost::json::object context;  // page parameters captured when it was created (e.g. lead_id)
    std::vector<cart_line> lines;
};

// A positive quantity with at most three decimals, up to max_quantity: a JSON number, or a string
// such as "2,5" or "2.5" (operators type decimal commas). nullopt otherwise.
std::optional<quantity_milli> parse_quantity(const boost::json::value& v);

// {"id","script_id","field_id","lines":[{"id","item":{…},"parameter":…|null,"value":…|null,"quantity"}]}
boost::json::object cart_json(const cart& c);

// A random UUID (version 4) from OpenSSL's CSPRNG: cart ids are capabilities, so unguessable.
std::string new_uuid();
// Lower-case canonical UUID text.
bool is_uuid(std::string_view s);

// The allowed keys of a client's context object whose values are strings of at most
// max_context_value bytes (numbers are kept as their text); everything else is dropped.
inline constexpr std::size_t max_context_value = 256;
boost::json::object context_from(const boost::json::value& given, const std::vector<std::string>& allowed);

// Script and field ids from the page: a JSON string or non-negative integer of 1–64 characters
// from [A-Za-z0-9_-]; nullopt otherwise.
std::optional<std::string> page_id(const boost::json::value& v);

}  // namespace hs1c::hyperscript
