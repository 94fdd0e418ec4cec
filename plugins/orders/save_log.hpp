// Reading HyperScript's «Разговор окончен» request (script.save_log, DESIGN §3): the script, and each
// field's id and value(s) with where its value sits in the form, so a cart reference can be replaced
// by a readable summary without touching any other byte. Pure.
#pragma once

#include "proxy/http/codec.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::orders {

struct logged_field {
    std::string id;
    std::vector<std::string> values;  // one for plain fields; a multilist sends several
    std::optional<std::size_t> value_pair;  // index in the form's pairs of a single `[value]`
};

struct save_log_view {
    std::string script_id;
    std::vector<http::form_pair> pairs;  // views into the body given to parse_save_log
    std::vector<logged_field> fields;    // in the order of their indexes
};

// nullopt when the form is malformed or has no `id`.
std::optional<save_log_view> parse_save_log(std::string_view body);

// The cart id in a field value "hs1c-cart:<uuid>", or nullopt.
std::optional<std::string> cart_reference(std::string_view value, std::string_view prefix);

}  // namespace hs1c::orders
