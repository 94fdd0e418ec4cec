#include "tests/stand/amocrm/jwt.hpp"

#include "tests/stand/amocrm/account.hpp"
#include "tests/stand/amocrm/oauth.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace hs1c::stand::amo {

namespace {

constexpr std::int64_t token_lifetime_s = 30 * 60;
constexpr std::string_view header_json = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::size_t sha256_size = 32;

// `aud` is scheme://host[:port] of the integration's redirect URI.
std::string redirect_origin() {
    const std::string& uri = demo_integration().redirect_uri;
    const auto scheme_end = uri.find("://");
    const auto path = uri.find('/', scheme_end + 3);
    return uri.substr(0, path);
}

}  // namespace

std::string base64url(std::string_view bytes) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    constexpr unsigned sextet = 0x3F;
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(n >> 18) & sextet];
        out += alphabet[(n >> 12) & sextet];
        out += alphabet[(n >> 6) & sextet];
        out += alphabet[n & sextet];
    }
    const auto rest = bytes.size() - i;
    if (rest == 1) {
        const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        out += alphabet[(n >> 18) & sextet];
        out += alphabet[(n >> 12) & sextet];
    } else if (rest == 2) {
        const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += alphabet[(n >> 18) & sextet];
        out += alphabet[(n >> 12) & sextet];
        out += alphabet[(n >> 6) & sextet];
    }
    return out;
}

std::string sign_hs256(const boost::json::object& claims, std::string_view secret) {
    const std::string signing_input = base64url(header_json) + "." + base64url(boost::json::serialize(claims));
    std::array<unsigned char, sha256_size> mac{};
    std::size_t mac_size = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                   reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac.data(),
                   mac.size(), &mac_size))
        throw std::runtime_error("HMAC-SHA256 failed");
    return signing_input + "." + base64url({reinterpret_cast<const char*>(mac.data()), mac_size});
}

boost::json::object disposable_token_claims(std::int64_t now, std::string jti) {
    return boost::json::object{{"iss", std::string("https://") + subdomain + ".amocrm.ru"},
                               {"aud", redirect_origin()},
                               {"jti", std::move(jti)},
                               {"iat", now},
                               {"nbf", now},
                               {"exp", now + token_lifetime_s},
                               {"account_id", account_id},
                               {"user_id", demo_user_id},
                               {"subdomain", subdomain},
                               {"client_uuid", demo_integration().client_id},
                               {"is_admin", true}};
}

}  // namespace hs1c::stand::amo
