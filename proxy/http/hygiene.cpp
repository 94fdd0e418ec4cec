#include "proxy/http/hygiene.hpp"

#include "proxy/http/ascii.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

namespace hs1c::http {

namespace {

constexpr std::array<std::string_view, 9> hop_by_hop_fields{
    "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    "Proxy-Authenticate", "Proxy-Authorization"};

constexpr std::array<std::string_view, 2> protected_fields{"Host", "Content-Length"};

constexpr std::string_view via_entry = "1.1 hs1c";
// Client-supplied variants of the forwarding headers the proxy sets itself.
constexpr std::array<std::string_view, 4> spoofable_fields{"Forwarded", "X-Real-IP", "X-Forwarded-Port",
                                                           "X-Forwarded-Prefix"};
constexpr std::size_t request_id_bytes = 16;
constexpr std::size_t max_request_id_length = 128;

// The comma-separated tokens of every Connection field, lower-cased.
std::vector<std::string> connection_tokens(const bhttp::fields& fields)
{
    std::vector<std::string> tokens;
    for (const auto& field : fields) {
        if (!iequals(field.name_string(), "Connection")) {
            continue;
        }
        std::string_view rest = field.value();
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto token = trim_ows(rest.substr(0, comma));
            if (!token.empty()) {
                tokens.push_back(to_lower(token));
            }
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    return tokens;
}

bool is_protected(std::string_view name)
{
    return std::any_of(protected_fields.begin(), protected_fields.end(),
                       [&](std::string_view p) { return iequals(p, name); });
}

}  // namespace

void strip_hop_by_hop(bhttp::fields& fields)
{
    for (const auto& token : connection_tokens(fields)) {
        if (!is_protected(token)) {
            fields.erase(token);
        }
    }
    for (const auto name : hop_by_hop_fields) {
        fields.erase(name);
    }
}

void add_forwarded(bhttp::fields& fields, const forwarded_info& info)
{
    // Other spellings of the same facts are the client's word, not ours: upstreams must not be able to
    // read a spoofed address or host from them.
    for (const auto name : spoofable_fields) {
        fields.erase(name);
    }
    fields.set("X-Forwarded-For", info.peer_address);
    fields.set("X-Forwarded-Proto", info.proto);
    fields.set("X-Forwarded-Host", info.host);
    fields.set("X-Request-ID", info.request_id);

    std::string via;
    for (const auto& field : fields) {
        if (!iequals(field.name_string(), "Via")) {
            continue;
        }
        const auto value = trim_ows(field.value());
        if (!value.empty()) {
            via.append(value).append(", ");
        }
    }
    via.append(via_entry);
    fields.set("Via", via);
}

std::string make_request_id()
{
    std::array<unsigned char, request_id_bytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("OpenSSL RAND_bytes failed: no CSPRNG output for a request id");
    }
    constexpr std::string_view hex = "0123456789abcdef";
    constexpr unsigned nibble_bits = 4;
    constexpr unsigned nibble_mask = 0x0f;
    std::string id;
    id.reserve(bytes.size() * 2);
    for (const auto b : bytes) {
        id += hex[b >> nibble_bits];
        id += hex[b & nibble_mask];
    }
    return id;
}

bool is_valid_request_id(std::string_view id)
{
    if (id.empty() || id.size() > max_request_id_length) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return is_ascii_alpha(c) || is_ascii_digit(c) || c == '.' || c == '_' || c == '-';
    });
}

}  // namespace hs1c::http
