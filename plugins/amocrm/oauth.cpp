#include "plugins/amocrm/oauth.hpp"

#include "plugins/amocrm/decode.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace hs1c::amocrm {

namespace {

namespace json = boost::json;

constexpr std::int64_t refresh_margin_s = 300;
constexpr unsigned ok_status = 200;
constexpr unsigned bad_request = 400;
// amoCRM's token lifetime is a day; anything beyond ten years is a broken answer, not a token.
constexpr std::int64_t max_lifetime_s = 10LL * 366 * 24 * 3600;

std::string oauth_text(std::string_view body) {
    // OAuth problems say what happened in "hint" ("Token has been revoked"); "detail" is generic.
    json::value holder;
    const auto text = trim_body(body);
    if (text.starts_with('{')) {
        boost::system::error_code ec;
        holder = json::parse(text, ec);
        if (!ec && holder.is_object()) {
            const auto* hint = holder.get_object().if_contains("hint");
            if (hint && hint->is_string() && !hint->get_string().empty())
                return std::string(cut_utf8(hint->get_string(), failure_message_bytes));
        }
    }
    return problem_text(body);
}

std::string string_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::string token_request_body(const gateway_settings& s, grant g, std::string_view code_or_refresh) {
    json::object body{{"client_id", s.client_id}, {"client_secret", s.client_secret}, {"redirect_uri", s.redirect_uri}};
    if (g == grant::authorization_code) {
        body["grant_type"] = "authorization_code";
        body["code"] = code_or_refresh;
    } else {
        body["grant_type"] = "refresh_token";
        body["refresh_token"] = code_or_refresh;
    }
    return json::serialize(body);
}

result<token_pair> read_token_answer(unsigned status, std::string_view body, std::int64_t now) {
    using pair_result = result<token_pair>;
    if (status != ok_status) {
        auto decoded = decode_answer(status, body);
        if (decoded.has_value())
            return pair_result::fail({failure_kind::unavailable, true, status, "an unexpected token answer", {}, {}});
        auto f = std::move(decoded.error);
        if (f.kind == failure_kind::unauthorized || status == bad_request) {
            f.message = oauth_text(body);
            f.retryable = false;
        }
        return pair_result::fail(std::move(f));
    }
    const auto bad = [&](std::string_view why) {
        return pair_result::fail({failure_kind::unavailable, true, status, std::string(why), {}, {}});
    };
    json::value holder;
    const auto text = trim_body(body);
    boost::system::error_code ec;
    holder = json::parse(text, ec);
    if (ec || !holder.is_object()) return bad("a token answer that is not a JSON object");
    const auto& o = holder.get_object();
    token_pair t;
    t.access = string_at(o, "access_token");
    t.refresh = string_at(o, "refresh_token");
    const auto* ttl = o.if_contains("expires_in");
    std::int64_t lifetime = 0;
    if (ttl && ttl->is_int64())
        lifetime = ttl->get_int64();
    else if (ttl && ttl->is_uint64())
        lifetime = static_cast<std::int64_t>(std::min<std::uint64_t>(ttl->get_uint64(), max_lifetime_s));
    const auto type = string_at(o, "token_type");
    if (t.access.empty() || t.refresh.empty()) return bad("a token answer without both tokens");
    if (lifetime <= 0 || lifetime > max_lifetime_s) return bad("a token answer without a usable expires_in");
    if (!type.empty() && type != "Bearer" && type != "bearer") return bad("a token answer of another token_type");
    t.obtained_at = now;
    t.expires_at = now + lifetime;
    return pair_result::ok(std::move(t));
}

bool needs_refresh(const token_pair& t, std::int64_t now) {
    const auto lifetime = std::max<std::int64_t>(t.expires_at - t.obtained_at, 0);
    const auto margin = std::min(refresh_margin_s, lifetime / 2);
    return now >= t.expires_at - margin;
}

bool usable(const token_pair& t, std::int64_t now) { return now < t.expires_at; }

}  // namespace hs1c::amocrm
