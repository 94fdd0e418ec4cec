#include "plugins/status/event.hpp"

#include "plugins/onec/basic_auth.hpp"
#include "plugins/onec/decode.hpp"

#include <boost/json/parse.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <charconv>

namespace hs1c::status {

namespace {

constexpr std::size_t max_id_bytes = 128;
constexpr std::size_t max_at_bytes = 64;
constexpr std::string_view signature_prefix = "sha256=";

std::string hex(const unsigned char* data, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0x0F];
    }
    return out;
}

bool printable(std::string_view s) {
    return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

bool digits(std::string_view s, std::size_t from, std::size_t n) {
    if (s.size() < from + n) return false;
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from), s.begin() + static_cast<std::ptrdiff_t>(from + n),
                       [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s, std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
}

// YYYY-MM-DDThh:mm:ss with plausible fields, then optional fractions and a zone (Z or ±hh:mm).
bool is_iso_time(std::string_view s) {
    constexpr std::size_t base = 19;  // "YYYY-MM-DDThh:mm:ss"
    if (!digits(s, 0, 4) || s.size() < base || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2) ||
        (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' ||
        !digits(s, 17, 2))
        return false;
    const int month = number(s, 5, 2), day = number(s, 8, 2), hour = number(s, 11, 2), minute = number(s, 14, 2),
              second = number(s, 17, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
    std::size_t i = base;
    if (i < s.size() && s[i] == '.') {
        const auto start = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return false;
    }
    const auto zone = s.substr(i);
    if (zone.empty() || zone == "Z") return true;
    return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2) && zone[3] == ':' &&
           digits(zone, 4, 2);
}

// Bytes of an IP address, for prefix comparison (v4-mapped v6 compared as v4).
std::vector<unsigned char> bytes_of(const boost::asio::ip::address& a) {
    if (a.is_v4()) {
        auto b = a.to_v4().to_bytes();
        return {b.begin(), b.end()};
    }
    const auto v6 = a.to_v6();
    if (v6.is_v4_mapped()) {
        auto b = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_bytes();
        return {b.begin(), b.end()};
    }
    auto b = v6.to_bytes();
    return {b.begin(), b.end()};
}

}  // namespace

std::variant<event, event_problem> parse_event(std::string_view body, const std::vector<std::string>& types) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(onec::strip_bom(body), ec);
    const auto* obj = ec ? nullptr : v.if_object();
    if (!obj) return event_problem{"bad_json", "the body must be a JSON object {\"id\",\"status\",\"at\"}"};
    event e;
    const auto* id = obj->if_contains("id");
    if (!id || !id->is_string() || id->get_string().empty() || id->get_string().size() > max_id_bytes ||
        !printable(id->get_string()) || onec::is_empty_ref(id->get_string()))
        return event_problem{"bad_id", "\"id\" must be the 1C order's id (a non-empty string)"};
    e.onec_id = std::string(id->get_string());
    const auto* type = obj->if_contains("status");
    std::string accepted;
    for (const auto& t : types) accepted += (accepted.empty() ? "" : ", ") + t;
    if (!type || !type->is_string() || std::find(types.begin(), types.end(), type->get_string()) == types.end())
        return event_problem{"unknown_status", "\"status\" must be one of: " + accepted};
    e.type = std::string(type->get_string());
    if (const auto* at = obj->if_contains("at"); at && !at->is_null()) {
        if (!at->is_string() || at->get_string().size() > max_at_bytes || !is_iso_time(at->get_string()))
            return event_problem{"bad_at", "\"at\" must be an ISO time: YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm]"};
        e.at = std::string(at->get_string());
    }
    return e;
}

std::string dedup_key(const event& e) { return e.onec_id + "\n" + e.type + "\n" + e.at; }

std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body) {
    std::string message;
    message.reserve(timestamp.size() + 1 + body.size());
    message.append(timestamp).append(".").append(body);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
    return std::string(signature_prefix) + hex(mac, len);
}

bool signature_valid(std::string_view secret, std::string_view timestamp, std::string_view signature,
                     std::string_view body, std::chrono::seconds window, std::int64_t now_s) {
    std::int64_t ts = 0;
    auto [p, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
    if (timestamp.empty() || ec != std::errc{} || p != timestamp.data() + timestamp.size()) return false;
    if (ts > now_s + window.count() || ts < now_s - window.count()) return false;
    return onec::constant_time_equal(sign(secret, timestamp, body), signature);
}

std::optional<source> parse_source(std::string_view text) {
    source s;
    const auto slash = text.find('/');
    boost::system::error_code ec;
    s.network = boost::asio::ip::make_address(std::string(text.substr(0, slash)), ec);
    if (ec) return std::nullopt;
    const unsigned max_prefix = s.network.is_v4() ? 32 : 128;
    s.prefix = max_prefix;
    if (slash != std::string_view::npos) {
        const auto digits = text.substr(slash + 1);
        auto [p, e] = std::from_chars(digits.data(), digits.data() + digits.size(), s.prefix);
        if (digits.empty() || e != std::errc{} || p != digits.data() + digits.size() || s.prefix > max_prefix)
            return std::nullopt;
    }
    return s;
}

bool allowed(const std::vector<source>& list, const boost::asio::ip::address& peer) {
    if (list.empty()) return true;
    const auto p = bytes_of(peer);
    for (const auto& s : list) {
        const auto n = bytes_of(s.network);
        if (n.size() != p.size()) continue;
        const unsigned prefix = std::min<unsigned>(s.prefix, static_cast<unsigned>(n.size() * 8));
        bool match = true;
        for (unsigned bit = 0; bit < prefix && match; ++bit) {
            const unsigned mask = 0x80u >> (bit % 8);
            match = (n[bit / 8] & mask) == (p[bit / 8] & mask);
        }
        if (match) return true;
    }
    return false;
}

}  // namespace hs1c::status
