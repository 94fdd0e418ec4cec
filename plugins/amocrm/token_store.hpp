// The amoCRM token pair in the SQLite store (component "amocrm"): one row, replaced in a transaction
// before a new pair is used, because a refresh token works once and a pair lost in a crash would
// need a human to authorise the integration again. Every function runs on the store thread.
#pragma once

#include "plugins/amocrm/oauth.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::store {
class connection;
}

namespace hs1c::amocrm::token_store {

inline constexpr std::string_view component = "amocrm";

std::vector<std::string> migrations();

struct stored {
    token_pair pair;
    bool revoked = false;  // amoCRM refused its refresh token: a human must authorise again
};

std::optional<stored> load(store::connection& db);
// Replaces the pair and clears the revoked mark.
void save(store::connection& db, const token_pair& pair);
void mark_revoked(store::connection& db);

}  // namespace hs1c::amocrm::token_store
