// Browser sessions of the HyperScript stand: the `hs_session` cookie value and the CSRF token bound
// to it, which every `/ajax` call must carry as `csrf_token`.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hs1c::stand {

class sessions {
public:
    sessions();

    // A new session id; its token is token_of(id).
    std::string create();
    std::optional<std::string> token_of(std::string_view session) const;
    bool valid(std::string_view session, std::string_view csrf_token) const;

private:
    std::string random_hex();

    std::mt19937_64 random_;
    std::unordered_map<std::string, std::string> tokens_;  // session id → CSRF token
};

}  // namespace hs1c::stand
