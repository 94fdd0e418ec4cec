#include "plugins/hyperscript/rpc.hpp"

#include "proxy/http/codec.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace hs1c::hyperscript {

namespace {

constexpr std::string_view mark_key = "hs1c";
constexpr std::string_view mark_type = "nomenclature";

std::optional<std::size_t> index_of(const std::vector<http::form_pair>& pairs, std::string_view name) {
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (pairs[i].name == name) return i;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> form_value(std::string_view body, std::string_view name) {
    const auto pairs = http::parse_form(body);
    if (!pairs) return std::nullopt;
    const auto i = index_of(*pairs, name);
    if (!i) return std::nullopt;
    return (*pairs)[*i].value;
}

std::optional<add_field_rewrite> rewrite_add_field(std::string_view body, const settings& s) {
    const auto pairs = http::parse_form(body);
    if (!pairs) return std::nullopt;
    const auto method = index_of(*pairs, "method");
    const auto type = index_of(*pairs, "type");
    if (!method || !type || (*pairs)[*method].value != s.methods.add_field || (*pairs)[*type].value != s.field_type)
        return std::nullopt;

    std::vector<std::pair<std::size_t, std::string>> replacements{{*type, s.stored_type}};
    const auto options = index_of(*pairs, "options");
    if (options) replacements.emplace_back(*options, s.marker);
    add_field_rewrite out;
    out.body = http::replace_form_values(body, *pairs, replacements);
    if (!options) {
        if (!out.body.empty() && out.body.back() != '&') out.body += '&';
        out.body += "options=" + http::form_encode(s.marker);
    }
    if (const auto script = index_of(*pairs, "script_id")) out.script_id = (*pairs)[*script].value;
    if (const auto name = index_of(*pairs, "name")) out.name = (*pairs)[*name].value;
    return out;
}

bool has_marker(const boost::json::value& options, std::string_view marker) {
    if (options.is_string()) return std::string_view(options.get_string()).find(marker) != std::string_view::npos;
    if (options.is_array() || options.is_object()) return boost::json::serialize(options).find(marker) != std::string::npos;
    return false;
}

void mark_field(boost::json::object& field) { field[mark_key] = boost::json::object{{"type", mark_type}}; }

std::size_t mark_fields(boost::json::object& fields, const std::set<std::string>& registered, const settings& s) {
    std::size_t marked = 0;
    for (auto& [key, value] : fields) {
        auto* field = value.if_object();
        if (!field) continue;
        const auto* options = field->if_contains("options");
        const auto* id = field->if_contains("id");
        const auto id_str = id ? id_text(*id) : std::nullopt;
        const auto* type = field->if_contains("type");
        const bool stored_type = type && type->is_string() && type->get_string() == s.stored_type;
        const bool known = registered.contains(std::string(key)) || (id_str && registered.contains(*id_str));
        if ((known && stored_type) || (options && has_marker(*options, s.marker))) {
            mark_field(*field);
            ++marked;
        }
    }
    return marked;
}

std::optional<std::string> id_text(const boost::json::value& v) {
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_int64()) return std::to_string(v.get_int64());
    if (v.is_uint64()) return std::to_string(v.get_uint64());
    return std::nullopt;
}

}  // namespace hs1c::hyperscript
