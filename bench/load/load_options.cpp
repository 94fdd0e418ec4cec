#include "bench/load/load_options.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace hs1c::bench {

namespace {

constexpr std::string_view http_scheme = "http://";
constexpr std::string_view default_port = "80";
constexpr double ms_per_second = 1000.0;
// Beyond this many connections per run the client's own file descriptors become the limit.
constexpr std::size_t max_connections = 100000;
constexpr std::size_t max_threads = 64;

bool parse_url(std::string_view url, load_options& out)
{
    if (!url.starts_with(http_scheme)) return false;
    url.remove_prefix(http_scheme.size());
    const auto slash = url.find('/');
    const std::string_view authority = url.substr(0, slash);
    out.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos) {
        out.host = std::string(authority);
        out.port = std::string(default_port);
    } else {
        out.host = std::string(authority.substr(0, colon));
        out.port = std::string(authority.substr(colon + 1));
        unsigned port = 0;
        const auto* end = out.port.data() + out.port.size();
        const auto [p, ec] = std::from_chars(out.port.data(), end, port);
        if (ec != std::errc{} || p != end || port == 0 || port > UINT16_MAX) return false;
    }
    return !out.host.empty();
}

bool parse_count(const std::string& text, std::size_t limit, std::size_t& out)
{
    const auto* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc{} && p == end && out > 0 && out <= limit;
}

bool parse_number(const std::string& text, double& out)
{
    const auto* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc{} && p == end && std::isfinite(out) && out >= 0;
}

bool parse_header(std::string_view text, load_options& out)
{
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view value = text.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    if (text.find_first_of("\r\n") != std::string_view::npos) return false;
    out.headers.emplace_back(std::string(text.substr(0, colon)), std::string(value));
    return true;
}

}  // namespace

parse_result parse_load_options(const std::vector<std::string>& args)
{
    load_options opts;
    bool have_url = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (i + 1 >= args.size()) return {std::nullopt, flag + " needs a value"};
        const std::string& value = args[++i];
        if (flag == "--url") {
            if (!parse_url(value, opts)) return {std::nullopt, "--url must be http://host[:port][/path]"};
            have_url = true;
        } else if (flag == "--connections") {
            if (!parse_count(value, max_connections, opts.connections)) {
                return {std::nullopt, "--connections must be a whole number from 1"};
            }
        } else if (flag == "--threads") {
            if (!parse_count(value, max_threads, opts.threads)) {
                return {std::nullopt, "--threads must be a whole number from 1"};
            }
        } else if (flag == "--duration") {
            double seconds = 0;
            if (!parse_number(value, seconds) || seconds <= 0) {
                return {std::nullopt, "--duration must be a positive number of seconds"};
            }
            opts.duration = std::chrono::milliseconds(std::llround(seconds * ms_per_second));
        } else if (flag == "--rate") {
            if (!parse_number(value, opts.rate)) {
                return {std::nullopt, "--rate must be requests per second (0 = as fast as possible)"};
            }
        } else if (flag == "--header") {
            if (!parse_header(value, opts)) return {std::nullopt, "--header must be \"Name: value\""};
        } else {
            return {std::nullopt, "unknown option " + flag};
        }
    }
    if (!have_url) return {std::nullopt, "--url is required"};
    if (opts.threads > opts.connections) opts.threads = opts.connections;
    return {opts, {}};
}

}  // namespace hs1c::bench
