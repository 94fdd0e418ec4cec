#include "proxy/config/loader.hpp"

#include "proxy/config/address.hpp"
#include "proxy/config/env_substitution.hpp"
#include "proxy/config/json_pointer.hpp"
#include "proxy/config/sections.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hs1c::config {
namespace {

constexpr std::string_view document_label = "(document)";

// Error position as "line L, column C" (1-based), counting the bytes the parser accepted.
std::string position_of(std::string_view text, std::size_t offset)
{
    const auto before = text.substr(0, std::min(offset, text.size()));
    const auto line = 1 + std::count(before.begin(), before.end(), '\n');
    const auto line_start = before.rfind('\n');
    const auto column = line_start == std::string_view::npos ? before.size() + 1 : before.size() - line_start;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::optional<boost::json::value> parse_json(std::string_view text, std::vector<problem>& problems)
{
    boost::json::parse_options options;
    options.allow_comments = true;
    options.allow_trailing_commas = true;
    boost::json::stream_parser parser({}, options);
    boost::system::error_code ec;
    const auto consumed = parser.write_some(text.data(), text.size(), ec);
    if (!ec && consumed < text.size())
        ec = boost::json::error::extra_data;
    if (!ec)
        parser.finish(ec);
    if (ec) {
        problems.push_back({"", "not valid JSON at " + position_of(text, consumed) + ": " + ec.message()});
        return std::nullopt;
    }
    return parser.release();
}

// Admin and public listeners share the machine's ports.
void check_admin_address(const rules& out, const std::vector<address_parsed>& parsed,
                         std::vector<problem>& problems)
{
    const auto& admin = out.admin_listener.listen;
    for (std::size_t i = 0; i < out.public_listeners.size(); ++i) {
        const auto& other = out.public_listeners[i];
        if (parsed[i] && binds_overlap({admin.host, admin.port}, {other.host, other.port})) {
            problems.push_back(
                {"/admin/address", "the port is already used by listener \"" + other.name + "\""});
            return;
        }
    }
}

using section_reader = void (*)(const boost::json::value&, rules&, read_context&);

void read_optional(const boost::json::object& document, std::string_view key, section_reader reader,
                   rules& out, read_context& ctx)
{
    if (const auto* section = document.if_contains(key))
        reader(*section, out, ctx);
}

const boost::json::value* require_section(const boost::json::object& document, std::string_view key,
                                          std::vector<problem>& problems)
{
    const auto* section = document.if_contains(key);
    if (section == nullptr)
        problems.push_back({pointer_append("", key), "is required"});
    return section;
}

}  // namespace

load_result parse_rules(std::string_view text, const std::string& base_dir, const env_lookup& env,
                        bool check_files)
{
    load_result result;
    auto document = parse_json(text, result.problems);
    if (!document)
        return result;
    substitute_env(*document, env, result.problems);
    const auto* object = document->if_object();
    if (object == nullptr) {
        result.problems.push_back({"", "the rules must be a JSON object"});
        return result;
    }

    rules out;
    read_context ctx{base_dir, check_files, result.problems};
    read_optional(*object, "server", read_server, out, ctx);
    std::vector<address_parsed> listeners_parsed;
    if (const auto* listeners = require_section(*object, "listeners", result.problems))
        listeners_parsed = read_listeners(*listeners, out, ctx);
    bool admin_parsed = true;
    if (const auto* admin = object->if_contains("admin"))
        admin_parsed = read_admin(*admin, out, ctx);
    else
        set_default_admin(out);
    if (admin_parsed)
        check_admin_address(out, listeners_parsed, result.problems);
    if (const auto* upstreams = require_section(*object, "upstreams", result.problems))
        read_upstreams(*upstreams, out, ctx);
    if (const auto* routes = require_section(*object, "routes", result.problems))
        read_routes(*routes, out, ctx);
    read_optional(*object, "injection", read_injection, out, ctx);
    read_optional(*object, "store", read_store, out, ctx);
    read_optional(*object, "log", read_log, out, ctx);

    if (result.problems.empty()) {
        out.sections = *object;
        result.value = std::move(out);
    }
    return result;
}

load_result load_rules_file(const std::string& path, const env_lookup& env)
{
    std::ifstream file(path, std::ios::binary);
    if (!file.is_open()) {
        load_result result;
        result.problems.push_back({"", "cannot read the rules file " + path});
        return result;
    }
    std::ostringstream text;
    text << file.rdbuf();
    std::error_code ec;
    auto absolute = std::filesystem::absolute(path, ec);
    const auto base_dir = (ec ? std::filesystem::path(path) : absolute).parent_path().string();
    return parse_rules(text.str(), base_dir, env);
}

std::string format_problems(const std::vector<problem>& problems)
{
    std::string out;
    for (const auto& p : problems) {
        out += p.path.empty() ? std::string(document_label) : p.path;
        out += ": ";
        out += p.message;
        out += '\n';
    }
    return out;
}

}  // namespace hs1c::config
