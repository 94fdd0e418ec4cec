#include "plugins/status/settings.hpp"

#include "plugins/status/event.hpp"
#include "proxy/config/object_reader.hpp"

#include <boost/json/object.hpp>

#include <algorithm>

namespace hs1c::status {

namespace {

constexpr config::int_range window_range{10, 86'400};
constexpr config::int_range find_range{0, 30ull * 86'400'000};
constexpr config::int_range retry_range{10, 86'400'000};
constexpr config::int_range poll_range{10, 60'000};

}  // namespace

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems) {
    settings s;
    config::object_reader reader(section, path, problems);
    reader.read("events", s.events);
    if (s.events.empty()) reader.report("events", "must name at least one event type");
    for (const auto& e : s.events) {
        if (e.empty() || std::count(s.events.begin(), s.events.end(), e) > 1)
            reader.report("events", "event types must be non-empty and distinct");
    }
    reader.read("never_backwards", s.never_backwards);
    reader.read("never_from_closed", s.never_from_closed);
    reader.read("hmac_secret", s.hmac_secret);
    std::uint64_t window = static_cast<std::uint64_t>(s.hmac_window.count());
    reader.read("hmac_window_s", window, window_range);
    s.hmac_window = std::chrono::seconds(static_cast<std::chrono::seconds::rep>(window));
    reader.read("allow_from", s.allow_from);
    for (const auto& a : s.allow_from) {
        if (!parse_source(a)) reader.report("allow_from", "not an address or CIDR prefix: " + a);
    }
    reader.read("find_deal_for_ms", s.find_deal_for, find_range);
    reader.read("poll_ms", s.poll, poll_range);
    if (const auto* r = reader.read_object("retry")) {
        config::object_reader rr(*r, reader.path_of("retry"), problems);
        rr.read("base_ms", s.retry_base, retry_range);
        rr.read("cap_ms", s.retry_cap, retry_range);
        rr.reject_unknown_keys();
    }
    reader.reject_unknown_keys();
    return s;
}

}  // namespace hs1c::status
