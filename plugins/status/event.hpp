// A 1C status event as the proxy accepts it (DESIGN §4.1): the body read tolerantly (BOM, charset),
// checked against the known event types; its optional HMAC signature and the sender's address
// checked. Pure functions.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hs1c::status {

struct event {
    std::string onec_id;  // the 1C order's id
    std::string type;     // "payment", "invoice", …
    std::string at;       // as 1C sent it ("" when absent)
};

struct event_problem {
    std::string code;     // bad_json, bad_id, unknown_status, bad_at
    std::string message;  // English, for the 1C integrator
};

// {"id":"<1C id>","status":"<type>","at":"<ISO time>"}; a UTF-8 BOM is skipped.
std::variant<event, event_problem> parse_event(std::string_view body, const std::vector<std::string>& types);

// The same event sent twice has the same key (1C retries).
std::string dedup_key(const event& e);

// X-Hs1c-Signature: "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)), with
// X-Hs1c-Timestamp (Unix seconds) within `window` of now. Compared in constant time.
bool signature_valid(std::string_view secret, std::string_view timestamp, std::string_view signature,
                     std::string_view body, std::chrono::seconds window, std::int64_t now_s);
std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body);

// "10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8" → a network; nullopt when malformed.
struct source {
    boost::asio::ip::address network;
    unsigned prefix = 0;
};
std::optional<source> parse_source(std::string_view text);
bool allowed(const std::vector<source>& list, const boost::asio::ip::address& peer);

}  // namespace hs1c::status
