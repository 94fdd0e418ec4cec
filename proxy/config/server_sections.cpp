// The small sections of the rules: server, admin, injection, store and log.
#include "proxy/config/sections.hpp"

#include "proxy/config/address.hpp"
#include "proxy/config/file_paths.hpp"
#include "proxy/config/json_pointer.hpp"
#include "proxy/config/object_reader.hpp"
#include "proxy/config/ranges.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <string_view>

namespace hs1c::config {
namespace {

constexpr std::string_view admin_listener_name = "admin";
constexpr std::string_view default_admin_host = "127.0.0.1";  // loopback unless the rules say otherwise
constexpr std::uint16_t default_admin_port = 9901;

constexpr std::array<std::string_view, 4> log_levels{"debug", "info", "warn", "error"};

void read_limits(object_reader& reader, limits& out)
{
    reader.read("header_bytes", out.header_bytes, ranges::header_bytes);
    reader.read("body_bytes", out.body_bytes, ranges::body_bytes);
    reader.read("buffered_body_bytes", out.buffered_body_bytes, ranges::buffered_body_bytes);
    reader.read("response_header_bytes", out.response_header_bytes, ranges::header_bytes);
    reader.read("html_rewrite_bytes", out.html_rewrite_bytes, ranges::html_rewrite_bytes);
    reader.read("max_connections", out.max_connections, ranges::max_connections);
    reader.reject_unknown_keys();
}

void read_timeouts(object_reader& reader, timeouts& out)
{
    reader.read("header_read", out.header_read, ranges::timeout_ms);
    reader.read("idle", out.idle, ranges::timeout_ms);
    reader.read("body_idle", out.body_idle, ranges::timeout_ms);
    reader.read("drain", out.drain, ranges::timeout_ms);
    reader.reject_unknown_keys();
}

}  // namespace

address_parsed read_listen_address(object_reader& reader, listener& out)
{
    const auto* value = reader.require("address");
    if (value == nullptr)
        return false;
    const auto text = expect_string(*value, reader.path_of("address"), reader.problems());
    if (!text)
        return false;
    auto parsed = parse_listen_address(*text);
    if (!parsed.value) {
        reader.report("address", parsed.error);
        return false;
    }
    out.host = std::move(parsed.value->host);
    out.port = parsed.value->port;
    return true;
}

void read_server(const boost::json::value& section, rules& out, read_context& ctx)
{
    const std::string path = "/server";
    const auto* object = expect_object(section, path, ctx.problems);
    if (object == nullptr)
        return;
    object_reader reader(*object, path, ctx.problems);
    reader.read("threads", out.threads, ranges::threads);
    reader.read("server_names", out.server_names);
    for (std::size_t i = 0; i < out.server_names.size(); ++i)
        if (out.server_names[i].empty())
            ctx.problems.push_back({pointer_append(reader.path_of("server_names"), i), "must not be empty"});
    reader.read("trust_request_id", out.trust_request_id);
    if (const auto* limits_object = reader.read_object("limits")) {
        object_reader limits_reader(*limits_object, reader.path_of("limits"), ctx.problems);
        read_limits(limits_reader, out.limits);
    }
    if (const auto* timeouts_object = reader.read_object("timeouts_ms")) {
        object_reader timeouts_reader(*timeouts_object, reader.path_of("timeouts_ms"), ctx.problems);
        read_timeouts(timeouts_reader, out.timeouts);
    }
    reader.reject_unknown_keys();
}

address_parsed read_admin(const boost::json::value& section, rules& out, read_context& ctx)
{
    out.admin_listener.listen.name = std::string(admin_listener_name);
    const std::string path = "/admin";
    const auto* object = expect_object(section, path, ctx.problems);
    if (object == nullptr)
        return false;
    object_reader reader(*object, path, ctx.problems);
    const auto parsed = read_listen_address(reader, out.admin_listener.listen);
    reader.reject_unknown_keys();
    return parsed;
}

void set_default_admin(rules& out)
{
    out.admin_listener.listen.name = std::string(admin_listener_name);
    out.admin_listener.listen.host = std::string(default_admin_host);
    out.admin_listener.listen.port = default_admin_port;
}

void read_injection(const boost::json::value& section, rules& out, read_context& ctx)
{
    const std::string path = "/injection";
    const auto* object = expect_object(section, path, ctx.problems);
    if (object == nullptr)
        return;
    object_reader reader(*object, path, ctx.problems);
    reader.read("scripts", out.injection.scripts);
    reader.read("styles", out.injection.styles);
    reader.reject_unknown_keys();
}

void read_store(const boost::json::value& section, rules& out, read_context& ctx)
{
    const std::string path = "/store";
    const auto* object = expect_object(section, path, ctx.problems);
    if (object == nullptr)
        return;
    object_reader reader(*object, path, ctx.problems);
    std::string store_path = out.store.path;
    reader.read("path", store_path);
    if (store_path.empty())
        reader.report("path", "must not be empty");
    else
        out.store.path = resolve_path(ctx.base_dir, store_path);
    reader.reject_unknown_keys();
}

void read_log(const boost::json::value& section, rules& out, read_context& ctx)
{
    const std::string path = "/log";
    const auto* object = expect_object(section, path, ctx.problems);
    if (object == nullptr)
        return;
    object_reader reader(*object, path, ctx.problems);
    std::string level = out.observe.log_level;
    reader.read("level", level);
    if (std::find(log_levels.begin(), log_levels.end(), level) == log_levels.end())
        reader.report("level", "must be one of debug, info, warn, error");
    else
        out.observe.log_level = level;
    reader.read("access", out.observe.access_log);
    reader.reject_unknown_keys();
}

}  // namespace hs1c::config
