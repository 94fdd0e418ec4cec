#include "plugins/hyperscript/settings.hpp"

#include "proxy/config/object_reader.hpp"

#include <boost/json/object.hpp>

namespace hs1c::hyperscript {

namespace {

constexpr config::int_range debounce_range{0, 5'000};
constexpr config::int_range cart_lines_range{1, 10'000};

void require_nonempty(config::object_reader& reader, std::string_view key, const std::string& value) {
    if (value.empty()) reader.report(key, "must not be empty");
}

}  // namespace

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems) {
    settings s;
    config::object_reader reader(section, path, problems);
    reader.read("rpc_path", s.rpc_path);
    if (s.rpc_path.empty() || s.rpc_path.front() != '/') reader.report("rpc_path", "must start with '/'");
    if (const auto* m = reader.read_object("methods")) {
        config::object_reader r(*m, reader.path_of("methods"), problems);
        r.read("add_field", s.methods.add_field);
        r.read("load", s.methods.load);
        r.read("get_fields", s.methods.get_fields);
        r.read("delete_field", s.methods.delete_field);
        r.read("save_log", s.methods.save_log);
        require_nonempty(r, "add_field", s.methods.add_field);
        require_nonempty(r, "load", s.methods.load);
        require_nonempty(r, "get_fields", s.methods.get_fields);
        require_nonempty(r, "delete_field", s.methods.delete_field);
        require_nonempty(r, "save_log", s.methods.save_log);
        r.reject_unknown_keys();
    }
    reader.read("field_type", s.field_type);
    reader.read("field_label", s.field_label);
    reader.read("stored_type", s.stored_type);
    reader.read("marker", s.marker);
    require_nonempty(reader, "field_type", s.field_type);
    require_nonempty(reader, "stored_type", s.stored_type);
    require_nonempty(reader, "marker", s.marker);
    if (s.field_type == s.stored_type) reader.report("stored_type", "must differ from field_type");
    if (const auto* sel = reader.read_object("selectors")) {
        config::object_reader r(*sel, reader.path_of("selectors"), problems);
        for (auto& [name, value] : s.selectors) {
            r.read(name, value);
            require_nonempty(r, name, value);
        }
        r.reject_unknown_keys();
    }
    reader.read("context_params", s.context_params);
    reader.read("search_debounce_ms", s.search_debounce, debounce_range);
    std::uint64_t lines = s.max_cart_lines;
    reader.read("max_cart_lines", lines, cart_lines_range);
    s.max_cart_lines = static_cast<std::size_t>(lines);
    reader.reject_unknown_keys();
    return s;
}

}  // namespace hs1c::hyperscript
