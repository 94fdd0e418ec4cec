#include "plugins/amocrm/settings.hpp"

#include "plugins/text/utf8.hpp"
#include "proxy/config/object_reader.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace hs1c::amocrm {

namespace {

constexpr config::int_range rps_range{1, amo_rps_limit - 1};
constexpr config::int_range timeout_range{100, 600'000};
constexpr config::int_range attempts_range{1, 10};
constexpr config::int_range backoff_range{1, 600'000};

// A name as written must be real text: amoCRM never has a field called "  ".
bool blank(const std::string& s) { return !text::is_valid_utf8(s) || text::normalise_spaces(s).empty(); }

void read_name(config::object_reader& reader, std::string_view key, std::string& out, bool required) {
    const auto* v = required ? reader.require(key) : reader.get(key);
    if (!v) return;
    std::string name;
    reader.read(key, name);
    if (!v->is_string()) return;
    if (blank(name))
        reader.report(key, "must be a non-empty name");
    else
        out = std::move(name);
}

// Secret or not, a credential must be present; its value never goes into a message.
void read_required_text(config::object_reader& reader, std::string_view key, std::string& out) {
    const auto* v = reader.require(key);
    if (!v) return;
    reader.read(key, out);
    if (v->is_string() && out.empty()) reader.report(key, "must not be empty");
}

void read_auth(config::object_reader& parent, gateway_settings& s) {
    const auto* obj = parent.read_object("auth");
    if (!obj) {
        if (!parent.get("auth")) parent.report("auth", "is required");
        return;
    }
    config::object_reader reader(*obj, parent.path_of("auth"), parent.problems());
    std::string mode = "oauth";
    reader.read("mode", mode);
    if (mode == "long_lived")
        s.mode = auth_mode::long_lived;
    else if (mode != "oauth")
        reader.report("mode", "must be \"oauth\" or \"long_lived\"");

    if (s.mode == auth_mode::oauth) {
        read_required_text(reader, "client_id", s.client_id);
        read_required_text(reader, "client_secret", s.client_secret);
        read_required_text(reader, "redirect_uri", s.redirect_uri);
        if (!s.redirect_uri.empty() && !s.redirect_uri.starts_with("https://") &&
            !s.redirect_uri.starts_with("http://"))
            reader.report("redirect_uri", "must be an http:// or https:// URL");
        // Present in shared examples for the other mode; accepted and ignored.
        reader.get("long_lived_token");
    } else {
        read_required_text(reader, "long_lived_token", s.long_lived_token);
        reader.read("client_id", s.client_id);
        reader.get("client_secret");
        reader.get("redirect_uri");
    }
    reader.reject_unknown_keys();
}

void read_stages(config::object_reader& parent, gateway_settings& s) {
    const auto* obj = parent.read_object("stages");
    if (!obj) return;
    const auto path = parent.path_of("stages");
    config::object_reader all(*obj, path, parent.problems());
    for (const auto& member : *obj) {
        const std::string event(member.key());
        if (blank(event)) {
            all.report(event, "an event name must not be empty");
            continue;
        }
        const auto* stage = all.read_object(event);
        if (!stage) continue;
        config::object_reader reader(*stage, all.path_of(event), parent.problems());
        stage_names names;
        read_name(reader, "pipeline", names.pipeline, true);
        read_name(reader, "status", names.status, true);
        reader.reject_unknown_keys();
        if (!names.pipeline.empty() && !names.status.empty()) s.stages.emplace(event, std::move(names));
    }
}

void read_retry(config::object_reader& parent, gateway_settings& s) {
    const auto* obj = parent.read_object("retry");
    if (!obj) return;
    config::object_reader reader(*obj, parent.path_of("retry"), parent.problems());
    reader.read("attempts", s.retry.attempts, attempts_range);
    reader.read("base_ms", s.retry.base, backoff_range);
    reader.read("cap_ms", s.retry.cap, backoff_range);
    if (s.retry.cap < s.retry.base) reader.report("cap_ms", "must not be less than base_ms");
    reader.reject_unknown_keys();
}

}  // namespace

std::string_view to_string(auth_mode m) { return m == auth_mode::oauth ? "oauth" : "long_lived"; }

gateway_settings read_settings(const boost::json::object& section, const std::string& path,
                               std::vector<config::problem>& problems) {
    gateway_settings s;
    config::object_reader reader(section, path, problems);
    reader.read("upstream", s.upstream);
    if (s.upstream.empty()) reader.report("upstream", "must name an upstream");
    read_auth(reader, s);
    read_name(reader, "onec_id_field", s.onec_id_field, false);
    read_stages(reader, s);
    if (const auto* rps = reader.get("rps")) {
        std::uint64_t value = s.rps;
        const auto before = problems.size();
        reader.read("rps", value, rps_range);
        if (problems.size() != before && rps->is_number())
            problems.back().message +=
                " (amoCRM allows " + std::to_string(amo_rps_limit) + " requests a second; hs1c stays below)";
        else
            s.rps = static_cast<unsigned>(value);
    }
    reader.read("timeout_ms", s.timeout, timeout_range);
    read_retry(reader, s);
    reader.reject_unknown_keys();
    return s;
}

}  // namespace hs1c::amocrm
