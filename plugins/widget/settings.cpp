#include "plugins/widget/settings.hpp"

#include "proxy/config/object_reader.hpp"

#include <boost/json/object.hpp>

namespace hs1c::widget {

namespace {

constexpr config::int_range account_range{1, 1'000'000'000'000};
constexpr config::int_range skew_range{0, 600};
constexpr config::int_range cache_range{0, 3'600'000};

bool is_origin(std::string_view o) {
    const auto sep = o.find("://");
    if (sep == std::string_view::npos) return false;
    const auto scheme = o.substr(0, sep);
    const auto host = o.substr(sep + 3);
    return (scheme == "https" || scheme == "http") && !host.empty() && host.find('/') == std::string_view::npos;
}

}  // namespace

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems) {
    settings s;
    config::object_reader reader(section, path, problems);
    reader.require("client_secret");
    reader.read("client_secret", s.token.secret);
    if (s.token.secret.empty()) reader.report("client_secret", "the integration's client secret is required");
    reader.require("audience");
    reader.read("audience", s.token.audience);
    if (!is_origin(s.token.audience))
        reader.report("audience", "scheme://host[:port] of the integration's redirect URI, e.g. https://scripts.company.ru");
    std::uint64_t account = 0;
    reader.require("account_id");
    reader.read("account_id", account, account_range);
    s.token.account_id = static_cast<std::int64_t>(account);
    std::uint64_t skew = static_cast<std::uint64_t>(s.token.skew.count());
    reader.read("skew_s", skew, skew_range);
    s.token.skew = std::chrono::seconds(static_cast<std::chrono::seconds::rep>(skew));
    reader.read("origins", s.origins);
    for (const auto& o : s.origins) {
        if (!is_origin(o)) reader.report("origins", "not an origin (scheme://host[:port]): " + o);
    }
    reader.read("order_cache_ms", s.order_cache, cache_range);
    reader.reject_unknown_keys();
    return s;
}

}  // namespace hs1c::widget
