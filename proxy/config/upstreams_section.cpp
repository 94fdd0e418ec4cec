// The "upstreams" section: where requests are forwarded, with pools, timeouts and TLS trust.
#include "proxy/config/sections.hpp"

#include "proxy/config/file_paths.hpp"
#include "proxy/config/json_pointer.hpp"
#include "proxy/config/object_reader.hpp"
#include "proxy/config/ranges.hpp"
#include "proxy/config/upstream_url.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace hs1c::config {
namespace {

void read_url(object_reader& reader, upstream& out)
{
    if (reader.require("url") == nullptr)
        return;
    reader.read("url", out.url);
    if (!reader.get("url")->is_string())
        return;
    auto parsed = parse_upstream_url(out.url);
    if (!parsed.value) {
        reader.report("url", parsed.error);
        return;
    }
    out.scheme = std::move(parsed.value->scheme);
    out.host = std::move(parsed.value->host);
    out.port = parsed.value->port;
    out.base_path = std::move(parsed.value->base_path);
}

void read_pool(object_reader& upstream_reader, upstream& out, read_context& ctx)
{
    const auto* object = upstream_reader.read_object("pool");
    if (object == nullptr)
        return;
    object_reader reader(*object, upstream_reader.path_of("pool"), ctx.problems);
    reader.read("max_idle", out.pool_max_idle, ranges::pool_max_idle);
    reader.read("idle_timeout_ms", out.pool_idle_timeout, ranges::timeout_ms);
    reader.reject_unknown_keys();
}

void read_ca_file(object_reader& reader, upstream& out, read_context& ctx)
{
    reader.read("ca_file", out.ca_file);
    if (out.ca_file.empty())
        return;
    out.ca_file = resolve_path(ctx.base_dir, out.ca_file);
    if (ctx.check_files)
        if (auto reason = unreadable_file_reason(out.ca_file))
            reader.report("ca_file", *reason);
}

}  // namespace

void read_upstreams(const boost::json::value& section, rules& out, read_context& ctx)
{
    const std::string path = "/upstreams";
    const auto* object = expect_object(section, path, ctx.problems);
    if (object == nullptr)
        return;
    if (object->empty())
        ctx.problems.push_back({path, "at least one upstream is required"});
    for (const auto& member : *object) {
        const auto item_path = pointer_append(path, member.key());
        upstream item;
        item.name = std::string(member.key());
        if (item.name.empty())
            ctx.problems.push_back({item_path, "an upstream needs a non-empty name"});
        if (const auto* fields = expect_object(member.value(), item_path, ctx.problems)) {
            object_reader reader(*fields, item_path, ctx.problems);
            read_url(reader, item);
            read_pool(reader, item, ctx);
            reader.read("connect_timeout_ms", item.connect_timeout, ranges::timeout_ms);
            reader.read("first_byte_timeout_ms", item.first_byte_timeout, ranges::timeout_ms);
            read_ca_file(reader, item, ctx);
            reader.read("verify_tls", item.verify_tls);
            reader.read("max_concurrent", item.max_concurrent, ranges::max_concurrent);
            reader.reject_unknown_keys();
        }
        out.upstreams.push_back(std::move(item));
    }
}

}  // namespace hs1c::config
