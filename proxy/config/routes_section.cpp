// The "routes" section: which requests go to which upstream, matched by host, method and path.
#include "proxy/config/sections.hpp"

#include "proxy/config/json_pointer.hpp"
#include "proxy/config/object_reader.hpp"
#include "proxy/config/ranges.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>

namespace hs1c::config {
namespace {

bool is_method_name(const std::string& method)
{
    return !method.empty() && std::all_of(method.begin(), method.end(), [](unsigned char c) {
        return std::isupper(c) || c == '-' || c == '_';
    });
}

bool equal_ignoring_case(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
        return std::tolower(x) == std::tolower(y);
    });
}

void check_hosts(object_reader& reader, const route& item, const rules& out)
{
    for (std::size_t i = 0; i < item.hosts.size(); ++i) {
        const auto host_path = pointer_append(reader.path_of("hosts"), i);
        const auto& host = item.hosts[i];
        if (host.empty()) {
            reader.problems().push_back({host_path, "must not be empty"});
            continue;
        }
        // A host we do not answer for could never match: almost certainly a typo.
        const auto matches = [&](const std::string& name) { return equal_ignoring_case(name, host); };
        const bool ours = out.server_names.empty() ||
                          std::any_of(out.server_names.begin(), out.server_names.end(), matches);
        if (!ours)
            reader.problems().push_back({host_path, "not one of server/server_names"});
    }
}

void check_methods(object_reader& reader, const route& item)
{
    for (std::size_t i = 0; i < item.methods.size(); ++i)
        if (!is_method_name(item.methods[i]))
            reader.problems().push_back({pointer_append(reader.path_of("methods"), i),
                                         "methods are upper-case names like \"GET\""});
}

route read_route(object_reader& reader, const rules& out)
{
    route item;
    if (reader.require("name") != nullptr) {
        reader.read("name", item.name);
        if (item.name.empty())
            reader.report("name", "must not be empty");
        const auto same_name = [&](const route& earlier) { return earlier.name == item.name; };
        if (!item.name.empty() && std::any_of(out.routes.begin(), out.routes.end(), same_name))
            reader.report("name", "duplicate route name \"" + item.name + "\"");
    }
    if (reader.require("upstream") != nullptr) {
        reader.read("upstream", item.upstream);
        if (reader.get("upstream")->is_string() && out.find_upstream(item.upstream) == nullptr)
            reader.report("upstream", "unknown upstream \"" + item.upstream + "\"");
    }
    reader.read("hosts", item.hosts);
    check_hosts(reader, item, out);
    reader.read("methods", item.methods);
    check_methods(reader, item);
    reader.read("path_prefix", item.path_prefix);
    if (item.path_prefix.empty() || item.path_prefix.front() != '/')
        reader.report("path_prefix", "must start with \"/\"");
    reader.read("inject_html", item.inject_html);
    std::uint64_t body_bytes = 0;
    if (reader.get("body_bytes") != nullptr) {
        const auto before = reader.problems().size();
        reader.read("body_bytes", body_bytes, ranges::body_bytes);
        if (reader.problems().size() == before)
            item.body_bytes = body_bytes;
    }
    reader.reject_unknown_keys();
    return item;
}

}  // namespace

void read_routes(const boost::json::value& section, rules& out, read_context& ctx)
{
    const std::string path = "/routes";
    const auto* array = expect_array(section, path, ctx.problems);
    if (array == nullptr)
        return;
    if (array->empty() && !out.public_listeners.empty())
        ctx.problems.push_back({path, "the public listeners need at least one route"});
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item_path = pointer_append(path, i);
        if (const auto* object = expect_object((*array)[i], item_path, ctx.problems)) {
            object_reader reader(*object, item_path, ctx.problems);
            out.routes.push_back(read_route(reader, out));
        }
    }
}

}  // namespace hs1c::config
