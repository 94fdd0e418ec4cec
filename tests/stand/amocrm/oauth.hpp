// amoCRM's OAuth 2.0 server for the emulator: the pre-registered integration, authorization codes,
// access tokens that expire, single-use refresh tokens and the long-lived token; and bearer checks.
#pragma once

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <variant>

namespace hs1c::stand::amo {

struct integration {
    std::string client_id;
    std::string client_secret;
    std::string redirect_uri;
};

// The integration every start and reset knows (tests/stand/amocrm/README.md).
const integration& demo_integration();
constexpr std::string_view long_lived_token = "hs1c-demo-long-lived";

struct oauth_failure {
    unsigned status;
    std::string hint;
};

// Why a bearer token was refused (all answered 401).
enum class auth_failure { missing, unknown, expired };

class oauth_server {
public:
    using clock = std::chrono::steady_clock;

    oauth_server();

    // A fresh single-use authorization code for the integration (POST /_stand/oauth/code).
    std::string issue_code(const std::string& client_id);

    // POST /oauth2/access_token with its parsed body; the token answer, or what to refuse with.
    std::variant<boost::json::object, oauth_failure> exchange(const boost::json::object& body, clock::time_point now,
                                                             std::chrono::seconds access_ttl);

    // The client id the bearer token (the Authorization header's value) belongs to.
    std::variant<std::string, auth_failure> authenticate(std::string_view authorization, clock::time_point now) const;

    // What tests may see: one entry per token with the token's last characters only.
    boost::json::object state(clock::time_point now) const;
    void reset();

private:
    struct access_token {
        std::string client_id;
        std::int64_t id;
        std::optional<clock::time_point> expires;  // none: long-lived
    };
    struct refresh_token {
        std::string client_id;
        std::int64_t id;
        bool used;
    };
    struct auth_code {
        std::string client_id;
        bool used;
    };

    std::string random_token(std::string_view prefix);
    boost::json::object issue_pair(const std::string& client_id, clock::time_point now, std::chrono::seconds ttl);

    std::mt19937_64 random_;
    std::int64_t next_id_ = 1;
    std::map<std::string, access_token, std::less<>> access_;
    std::map<std::string, refresh_token, std::less<>> refresh_;
    std::map<std::string, auth_code, std::less<>> codes_;
};

}  // namespace hs1c::stand::amo
