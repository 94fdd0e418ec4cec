#include "tests/stand/amocrm/oauth.hpp"

#include "tests/stand/amocrm/text.hpp"

#include "proxy/http/ascii.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>


namespace hs1c::stand::amo {

namespace {

constexpr std::size_t token_random_bytes = 24;
constexpr std::size_t visible_suffix = 6;  // of a token in the state: enough to tell which one
constexpr std::string_view bearer_scheme = "bearer ";

// Hints of amoCRM's OAuth problems; "Token has been revoked" is the one clients must recognise.
namespace hint {
constexpr std::string_view bad_client = "Client authentication failed";
constexpr std::string_view bad_grant = "The authorization grant type is not supported by the authorization server";
constexpr std::string_view bad_code = "Cannot decrypt the authorization code";
constexpr std::string_view used_code = "Authorization code has been revoked";
constexpr std::string_view bad_redirect = "Redirect URI does not match the one of the integration";
constexpr std::string_view bad_refresh = "Cannot decrypt the refresh token";
constexpr std::string_view revoked = "Token has been revoked";
constexpr std::string_view missing_before = "Check the `";
constexpr std::string_view missing_after = "` parameter";
}  // namespace hint

constexpr unsigned status_bad_request = 400;
constexpr unsigned status_unauthorized = 401;

std::optional<std::string> string_member(const boost::json::object& body, std::string_view key) {
    const auto* v = body.if_contains(key);
    if (!v || !v->is_string() || v->as_string().empty()) return std::nullopt;
    return std::string(v->as_string());
}

oauth_failure missing_parameter(std::string_view name) {
    return {status_bad_request, std::string(hint::missing_before) + std::string(name) + std::string(hint::missing_after)};
}

std::string suffix(std::string_view token) {
    return std::string(token.substr(token.size() > visible_suffix ? token.size() - visible_suffix : 0));
}

}  // namespace

const integration& demo_integration() {
    static const integration demo{"hs1c-demo", "hs1c-demo-secret",
                                  "https://localhost:8443/_hs1c/amocrm/oauth/callback"};
    return demo;
}

oauth_server::oauth_server() : random_(std::random_device{}()) { reset(); }

void oauth_server::reset() {
    access_.clear();
    refresh_.clear();
    codes_.clear();
    next_id_ = 1;
    access_.emplace(std::string(long_lived_token), access_token{demo_integration().client_id, next_id_++, std::nullopt});
}

std::string oauth_server::random_token(std::string_view prefix) {
    return std::string(prefix) + random_hex(random_, token_random_bytes);
}

std::string oauth_server::issue_code(const std::string& client_id) {
    auto code = random_token("def50200");
    codes_.emplace(code, auth_code{client_id, false});
    return code;
}

boost::json::object oauth_server::issue_pair(const std::string& client_id, clock::time_point now,
                                             std::chrono::seconds ttl) {
    const auto id = next_id_++;
    auto access = random_token("amo-at-");
    auto refresh = random_token("amo-rt-");
    access_.emplace(access, access_token{client_id, id, now + ttl});
    refresh_.emplace(refresh, refresh_token{client_id, id, false});
    return boost::json::object{{"token_type", "Bearer"},
                               {"expires_in", ttl.count()},
                               {"access_token", access},
                               {"refresh_token", refresh}};
}

std::variant<boost::json::object, oauth_failure> oauth_server::exchange(const boost::json::object& body,
                                                                        clock::time_point now,
                                                                        std::chrono::seconds access_ttl) {
    const auto& known = demo_integration();
    const auto client_id = string_member(body, "client_id");
    const auto secret = string_member(body, "client_secret");
    if (!client_id || !secret || *client_id != known.client_id || *secret != known.client_secret)
        return oauth_failure{status_unauthorized, std::string(hint::bad_client)};
    const auto grant = string_member(body, "grant_type");
    if (!grant) return missing_parameter("grant_type");
    const auto redirect = string_member(body, "redirect_uri");

    if (*grant == "authorization_code") {
        const auto code = string_member(body, "code");
        if (!code) return missing_parameter("code");
        if (!redirect) return missing_parameter("redirect_uri");
        const auto it = codes_.find(*code);
        if (it == codes_.end() || it->second.client_id != *client_id)
            return oauth_failure{status_bad_request, std::string(hint::bad_code)};
        if (it->second.used) return oauth_failure{status_bad_request, std::string(hint::used_code)};
        if (*redirect != known.redirect_uri) return oauth_failure{status_bad_request, std::string(hint::bad_redirect)};
        it->second.used = true;
        return issue_pair(*client_id, now, access_ttl);
    }
    if (*grant == "refresh_token") {
        const auto token = string_member(body, "refresh_token");
        if (!token) return missing_parameter("refresh_token");
        if (!redirect) return missing_parameter("redirect_uri");
        const auto it = refresh_.find(*token);
        if (it == refresh_.end() || it->second.client_id != *client_id)
            return oauth_failure{status_bad_request, std::string(hint::bad_refresh)};
        if (it->second.used) return oauth_failure{status_unauthorized, std::string(hint::revoked)};
        if (*redirect != known.redirect_uri) return oauth_failure{status_bad_request, std::string(hint::bad_redirect)};
        it->second.used = true;
        return issue_pair(*client_id, now, access_ttl);
    }
    return oauth_failure{status_bad_request, std::string(hint::bad_grant)};
}

std::variant<std::string, auth_failure> oauth_server::authenticate(std::string_view authorization,
                                                                   clock::time_point now) const {
    if (authorization.size() <= bearer_scheme.size() ||
        !hs1c::http::iequals(authorization.substr(0, bearer_scheme.size()), bearer_scheme))
        return auth_failure::missing;
    const auto it = access_.find(authorization.substr(bearer_scheme.size()));
    if (it == access_.end()) return auth_failure::unknown;
    if (it->second.expires && now >= *it->second.expires) return auth_failure::expired;
    return it->second.client_id;
}

boost::json::object oauth_server::state(clock::time_point now) const {
    boost::json::array access;
    for (const auto& [token, t] : access_) {
        boost::json::object o{{"pair", t.id}, {"client_id", t.client_id}, {"ends_with", suffix(token)},
                              {"long_lived", !t.expires}};
        if (t.expires) {
            o["expired"] = now >= *t.expires;
            o["expires_in_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(*t.expires - now).count();
        }
        access.push_back(std::move(o));
    }
    boost::json::array refresh;
    for (const auto& [token, t] : refresh_)
        refresh.push_back(boost::json::object{
            {"pair", t.id}, {"client_id", t.client_id}, {"ends_with", suffix(token)}, {"used", t.used}});
    std::size_t codes_used = 0;
    for (const auto& [code, c] : codes_) codes_used += c.used ? 1 : 0;
    return boost::json::object{{"access_tokens", std::move(access)},
                               {"refresh_tokens", std::move(refresh)},
                               {"codes_issued", codes_.size()},
                               {"codes_used", codes_used}};
}

}  // namespace hs1c::stand::amo
