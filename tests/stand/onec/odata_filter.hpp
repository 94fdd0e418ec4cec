// The `$filter` expressions the OData emulator understands: exactly the forms of DESIGN §4.2
// (like/substringof on a text field, `eq` on booleans and guid'…' keys) joined by `and`, with OData
// string literal rules (a quote inside is doubled). Anything else is a parse error, as real 1C says.
#pragma once

#include <boost/json/fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::stand::onec {

// Which properties of an entity set a filter may name, by type.
struct filter_schema {
    std::vector<std::string_view> text_fields;
    std::vector<std::string_view> bool_fields;
    std::vector<std::string_view> guid_fields;
};

struct filter_term {
    enum class op { like, substringof, eq_bool, eq_guid };
    op kind;
    std::string field;
    std::string text;  // like: folded pattern; substringof: folded text; eq_guid: the guid
    bool flag = false;  // eq_bool
};

std::optional<std::vector<filter_term>> parse_filter(std::string_view expression, const filter_schema& schema);

// Whether an entity (its JSON properties) satisfies every term.
bool filter_matches(const std::vector<filter_term>& terms, const boost::json::object& entity);

}  // namespace hs1c::stand::onec
