// HyperScript's RPC bodies as the proxy reads and rewrites them (DESIGN §3): jQuery-style forms in,
// JSON envelopes out. A rewrite touches only the values it must; every other byte of the form, the
// CSRF token included, stays as the browser sent it. Pure functions.
#pragma once

#include "plugins/hyperscript/settings.hpp"

#include <boost/json/fwd.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace hs1c::hyperscript {

// The decoded value of the first parameter named `name`; nullopt when absent or the form is malformed.
std::optional<std::string> form_value(std::string_view body, std::string_view name);

struct add_field_rewrite {
    std::string body;       // the form to forward
    std::string script_id;  // as sent
    std::string name;       // the field's name, decoded
};

// For an add_field call of the nomenclature type: the form with `type` set to the stored type and
// `options` set to the marker (appended when absent). nullopt for any other call or a malformed form.
std::optional<add_field_rewrite> rewrite_add_field(std::string_view body, const settings& s);

// Whether a field's options carry the marker (options may be a string, an array or an object).
bool has_marker(const boost::json::value& options, std::string_view marker);

// Adds "hs1c": {"type": "nomenclature"} to each field object of a {"<id>": {…}} map that carries the
// marker, or is registered and still of the stored type (a field someone turned into another type in
// HyperScript is no longer ours); returns how many were marked.
std::size_t mark_fields(boost::json::object& fields, const std::set<std::string>& registered, const settings& s);

// Adds the mark to one field object.
void mark_field(boost::json::object& field);

// A field or script id as HyperScript sends it: a JSON string or integer → its text; else nullopt.
std::optional<std::string> id_text(const boost::json::value& v);

}  // namespace hs1c::hyperscript
