#include "tests/stand/hyperscript/sessions.hpp"

namespace hs1c::stand {

namespace {

constexpr int words_per_secret = 2;  // 128 bits, printed as 32 hex digits
constexpr int hex_per_word = 16;
constexpr int bits_per_hex = 4;
constexpr std::string_view hex_digits = "0123456789abcdef";

}  // namespace

sessions::sessions() : random_(std::random_device{}()) {}

std::string sessions::random_hex() {
    std::string out;
    for (int w = 0; w < words_per_secret; ++w) {
        auto word = random_();
        for (int i = 0; i < hex_per_word; ++i, word >>= bits_per_hex) out += hex_digits[word & 0xF];
    }
    return out;
}

std::string sessions::create() {
    auto id = random_hex();
    tokens_[id] = random_hex();
    return id;
}

std::optional<std::string> sessions::token_of(std::string_view session) const {
    const auto it = tokens_.find(std::string(session));
    if (it == tokens_.end()) return std::nullopt;
    return it->second;
}

bool sessions::valid(std::string_view session, std::string_view csrf_token) const {
    const auto token = token_of(session);
    return token && !csrf_token.empty() && *token == csrf_token;
}

}  // namespace hs1c::stand
