// The "listeners" section: public HTTP and HTTPS listeners with their TLS files.
#include "proxy/config/sections.hpp"

#include "proxy/config/address.hpp"
#include "proxy/config/file_paths.hpp"
#include "proxy/config/json_pointer.hpp"
#include "proxy/config/object_reader.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace hs1c::config {
namespace {

constexpr std::string_view reserved_name = "admin";  // the admin listener's name in logs and metrics

std::string read_tls_file(object_reader& reader, std::string_view key, read_context& ctx)
{
    std::string file;
    if (reader.require(key) == nullptr)
        return file;
    reader.read(key, file);
    if (file.empty()) {
        reader.report(key, "must name a PEM file");
        return file;
    }
    file = resolve_path(ctx.base_dir, file);
    if (ctx.check_files)
        if (auto reason = unreadable_file_reason(file))
            reader.report(key, *reason);
    return file;
}

std::optional<tls_files> read_tls(object_reader& listener_reader, read_context& ctx)
{
    const auto* object = listener_reader.read_object("tls");
    if (object == nullptr)
        return std::nullopt;
    object_reader reader(*object, listener_reader.path_of("tls"), ctx.problems);
    tls_files files;
    files.cert_file = read_tls_file(reader, "cert", ctx);
    files.key_file = read_tls_file(reader, "key", ctx);
    reader.reject_unknown_keys();
    return files;
}

}  // namespace

std::vector<address_parsed> read_listeners(const boost::json::value& section, rules& out,
                                           read_context& ctx)
{
    const std::string path = "/listeners";
    std::vector<address_parsed> parsed;
    const auto* array = expect_array(section, path, ctx.problems);
    if (array == nullptr)
        return parsed;
    if (array->empty())
        ctx.problems.push_back({path, "at least one public listener is required"});
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item_path = pointer_append(path, i);
        listener item;
        bool address_ok = false;
        if (const auto* object = expect_object((*array)[i], item_path, ctx.problems)) {
            object_reader reader(*object, item_path, ctx.problems);
            if (reader.require("name") != nullptr) {
                reader.read("name", item.name);
                if (item.name.empty())
                    reader.report("name", "must not be empty");
                else if (item.name == reserved_name)
                    reader.report("name", "\"admin\" is the admin listener's name");
            }
            const auto same_name = [&](const listener& earlier) { return earlier.name == item.name; };
            if (!item.name.empty() &&
                std::any_of(out.public_listeners.begin(), out.public_listeners.end(), same_name))
                reader.report("name", "duplicate listener name \"" + item.name + "\"");
            address_ok = read_listen_address(reader, item);
            for (std::size_t j = 0; address_ok && j < out.public_listeners.size(); ++j) {
                const auto& earlier = out.public_listeners[j];
                if (parsed[j] && binds_overlap({earlier.host, earlier.port}, {item.host, item.port}))
                    reader.report("address", "the port is already used by listener \"" + earlier.name + "\"");
            }
            item.tls = read_tls(reader, ctx);
            reader.reject_unknown_keys();
        }
        out.public_listeners.push_back(std::move(item));
        parsed.push_back(address_ok);
    }
    return parsed;
}

}  // namespace hs1c::config
