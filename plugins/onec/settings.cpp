#include "plugins/onec/settings.hpp"

#include "plugins/onec/url_template.hpp"
#include "proxy/config/object_reader.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>

namespace hs1c::onec {

namespace {

constexpr config::int_range timeout_range{100, 600'000};
constexpr config::int_range body_limit_range{1024, 256ull * 1024 * 1024};
constexpr config::int_range queue_range{0, 100'000};
constexpr config::int_range breaker_failures_range{1, 1'000};
constexpr config::int_range breaker_open_range{100, 3'600'000};
constexpr config::int_range attempts_range{1, 5};
constexpr config::int_range backoff_range{1, 60'000};

struct call_spec {
    std::string_view name;
    std::vector<std::string_view> placeholders;  // the only ones its template may use
    std::vector<std::string_view> fields;        // the field names its answer mapping may set
};

bool valid_pointer(std::string_view p) { return p.empty() || p.front() == '/'; }

void check_template(config::object_reader& reader, std::string_view key, const std::string& tmpl,
                    const std::vector<std::string_view>& allowed) {
    if (tmpl.empty()) return;
    std::string problem;
    auto names = template_placeholders(tmpl, &problem);
    if (!names) {
        reader.report(key, "bad URL template: " + problem);
        return;
    }
    for (const auto& n : *names) {
        if (std::find(allowed.begin(), allowed.end(), n) == allowed.end())
            reader.report(key, "unknown placeholder {" + n + "}");
    }
    if (tmpl.front() != '/') reader.report(key, "must start with '/' (below the upstream's base path)");
}

void read_fields(config::object_reader& reader, std::string_view key, const std::vector<std::string_view>& allowed,
                 std::map<std::string, std::string>& out) {
    const auto* fields = reader.read_object(key);
    if (!fields) return;
    config::object_reader inner(*fields, reader.path_of(key), reader.problems());
    for (const auto& name : allowed) {
        if (!inner.get(name)) continue;
        std::string pointer;
        inner.read(name, pointer);
        if (!valid_pointer(pointer)) inner.report(name, "a JSON pointer must be empty or start with '/'");
        out[std::string(name)] = pointer;
    }
    inner.reject_unknown_keys();
}

void read_call(config::object_reader& calls, const call_spec& spec, call_mapping& out) {
    const auto* obj = calls.read_object(spec.name);
    if (!obj) return;
    config::object_reader reader(*obj, calls.path_of(spec.name), calls.problems());
    reader.read("url", out.url);
    check_template(reader, "url", out.url, spec.placeholders);
    reader.read("list", out.answer.list);
    if (!valid_pointer(out.answer.list)) reader.report("list", "a JSON pointer must be empty or start with '/'");
    if (spec.name == "search") {
        reader.read("more", out.answer.more);
        if (!valid_pointer(out.answer.more)) reader.report("more", "a JSON pointer must be empty or start with '/'");
    }
    read_fields(reader, "fields", spec.fields, out.answer.fields);
    reader.reject_unknown_keys();
}

void read_order_call(config::object_reader& calls, order_mapping& out) {
    const auto* obj = calls.read_object("get_order");
    if (!obj) return;
    config::object_reader reader(*obj, calls.path_of("get_order"), calls.problems());
    reader.read("url", out.url);
    check_template(reader, "url", out.url, {"id"});
    read_fields(reader, "fields", {"id", "number", "date", "status", "total", "paid_at", "manager_id"}, out.fields);
    reader.read("items", out.items);
    if (!valid_pointer(out.items)) reader.report("items", "a JSON pointer must be empty or start with '/'");
    read_fields(reader, "item_fields", {"name", "parameter", "value", "unit", "quantity", "price", "sum"},
                out.item_fields);
    reader.reject_unknown_keys();
}

void read_credentials(config::object_reader& parent, std::string_view key, std::string& user, std::string& password) {
    const auto* obj = parent.read_object(key);
    if (!obj) return;
    config::object_reader reader(*obj, parent.path_of(key), parent.problems());
    reader.read("user", user);
    reader.read("password", password);
    if (!user.empty() && password.empty()) reader.report("password", "empty while a user is set");
    if (user.find(':') != std::string::npos) reader.report("user", "a Basic user name cannot contain ':'");
    reader.reject_unknown_keys();
}

}  // namespace

gateway_settings read_settings(const boost::json::object& section, const std::string& path,
                               std::vector<config::problem>& problems) {
    gateway_settings s;
    config::object_reader reader(section, path, problems);
    reader.read("upstream", s.upstream);

    std::string profile_name = "hs";
    reader.read("profile", profile_name);
    if (profile_name == "odata") {
        s.mapping = default_mapping(profile::odata);
    } else {
        if (profile_name != "hs") reader.report("profile", "must be \"hs\" or \"odata\"");
        s.mapping = default_mapping(profile::hs);
    }
    if (reader.get("match")) {
        std::string match;
        reader.read("match", match);
        if (match == "contains") s.mapping.match = match_semantics::contains;
        else if (match == "prefix") s.mapping.match = match_semantics::prefix;
        else if (match == "opaque") s.mapping.match = match_semantics::opaque;
        else reader.report("match", "must be \"contains\", \"prefix\" or \"opaque\"");
    }

    read_credentials(reader, "auth", s.user, s.password);
    read_credentials(reader, "inbound", s.inbound_user, s.inbound_password);
    reader.read("timeout_ms", s.timeout, timeout_range);
    std::uint64_t body_limit = s.body_limit;
    reader.read("body_limit", body_limit, body_limit_range);
    s.body_limit = static_cast<std::size_t>(body_limit);

    if (const auto* q = reader.read_object("queue")) {
        config::object_reader r(*q, reader.path_of("queue"), problems);
        std::uint64_t max = s.queue_max;
        r.read("max", max, queue_range);
        s.queue_max = static_cast<std::size_t>(max);
        r.read("wait_ms", s.queue_wait, timeout_range);
        r.reject_unknown_keys();
    }
    if (const auto* b = reader.read_object("breaker")) {
        config::object_reader r(*b, reader.path_of("breaker"), problems);
        std::uint64_t failures = s.breaker_failures;
        r.read("failures", failures, breaker_failures_range);
        s.breaker_failures = static_cast<std::size_t>(failures);
        r.read("open_ms", s.breaker_open, breaker_open_range);
        r.reject_unknown_keys();
    }
    if (const auto* t = reader.read_object("retry")) {
        config::object_reader r(*t, reader.path_of("retry"), problems);
        r.read("attempts", s.attempts, attempts_range);
        r.read("base_ms", s.backoff.base, backoff_range);
        r.read("cap_ms", s.backoff.cap, backoff_range);
        r.reject_unknown_keys();
    }
    if (const auto* calls = reader.read_object("calls")) {
        config::object_reader r(*calls, reader.path_of("calls"), problems);
        read_call(r, {"search", {"q", "limit"}, {"id", "name", "code", "unit"}}, s.mapping.search);
        read_call(r, {"parameters", {"item"}, {"id", "name"}}, s.mapping.parameters);
        read_call(r, {"parameter_names", {}, {"id", "name"}}, s.mapping.parameter_names);
        read_call(r, {"values", {"item", "parameter"}, {"id", "name"}}, s.mapping.values);
        read_order_call(r, s.mapping.get_order);
        if (const auto* c = r.read_object("create_order")) {
            config::object_reader co(*c, r.path_of("create_order"), problems);
            co.read("url", s.mapping.create_order.url);
            check_template(co, "url", s.mapping.create_order.url, {});
            co.read("id", s.mapping.create_order.id);
            co.read("number", s.mapping.create_order.number);
            co.reject_unknown_keys();
        }
        r.reject_unknown_keys();
    }
    reader.reject_unknown_keys();

    if (s.mapping.search.url.empty()) reader.report("calls", "the search call needs a URL");
    if (!s.mapping.search.answer.fields.contains("id") || !s.mapping.search.answer.fields.contains("name"))
        reader.report("calls", "the search answer mapping needs \"id\" and \"name\"");
    return s;
}

}  // namespace hs1c::onec
