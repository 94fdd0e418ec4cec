#include "plugins/widget/token.hpp"

#include "plugins/onec/basic_auth.hpp"

#include <boost/json/parse.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace hs1c::widget {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view required_alg = "HS256";

int sextet(char c) {
    const auto at = alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

std::optional<boost::json::object> json_part(std::string_view part) {
    auto text = base64url_decode(part);
    if (!text) return std::nullopt;
    boost::system::error_code ec;
    auto v = boost::json::parse(*text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.get_object());
}

std::optional<std::int64_t> int_claim(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(v->get_uint64());
    return std::nullopt;
}

bool audience_matches(const boost::json::value* aud, std::string_view expected) {
    if (!aud) return false;
    if (aud->is_string()) return aud->get_string() == expected;
    if (aud->is_array()) {
        for (const auto& a : aud->get_array()) {
            if (a.is_string() && a.get_string() == expected) return true;
        }
    }
    return false;
}

}  // namespace

std::string_view problem_name(token_problem p) {
    static constexpr std::array<std::string_view, 9> names{"missing",       "too_large",     "malformed",
                                                           "bad_algorithm", "bad_signature", "expired",
                                                           "not_yet_valid", "wrong_audience", "wrong_account"};
    return names[static_cast<std::size_t>(p)];
}

std::optional<std::string> base64url_decode(std::string_view s) {
    if (s.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(s.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        const int v = sextet(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    // Leftover bits must be zero: a canonical encoding only.
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 0x3F];
        }
    }
    if (bits > 0) out += alphabet[(acc << (6 - bits)) & 0x3F];
    return out;
}

std::string hs256(std::string_view secret, std::string_view signing_input) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac, &len);
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::variant<claims, token_problem> verify_token(std::string_view token, const token_rules& rules, std::int64_t now_s) {
    if (token.empty()) return token_problem::missing;
    if (token.size() > max_token_bytes) return token_problem::too_large;
    const auto dot1 = token.find('.');
    const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
        return token_problem::malformed;
    const auto header = json_part(token.substr(0, dot1));
    const auto payload = json_part(token.substr(dot1 + 1, dot2 - dot1 - 1));
    if (!header || !payload) return token_problem::malformed;
    const auto* alg = header->if_contains("alg");
    if (!alg || !alg->is_string() || alg->get_string() != required_alg) return token_problem::bad_algorithm;
    if (rules.secret.empty() ||
        !onec::constant_time_equal(hs256(rules.secret, token.substr(0, dot2)), token.substr(dot2 + 1)))
        return token_problem::bad_signature;
    const auto exp = int_claim(*payload, "exp");
    if (!exp || now_s > *exp + rules.skew.count()) return token_problem::expired;
    if (const auto nbf = int_claim(*payload, "nbf"); nbf && *nbf > now_s + rules.skew.count())
        return token_problem::not_yet_valid;
    if (payload->contains("nbf") && !int_claim(*payload, "nbf")) return token_problem::malformed;
    if (!audience_matches(payload->if_contains("aud"), rules.audience)) return token_problem::wrong_audience;
    const auto account = int_claim(*payload, "account_id");
    if (!account || *account != rules.account_id) return token_problem::wrong_account;
    claims c;
    c.account_id = *account;
    c.user_id = int_claim(*payload, "user_id").value_or(0);
    if (const auto* s = payload->if_contains("subdomain"); s && s->is_string()) c.subdomain = std::string(s->get_string());
    return c;
}

}  // namespace hs1c::widget
