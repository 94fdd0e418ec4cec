// The connection to one amoCRM account as the whole process sees it: the request budget, the ban and
// the token pair with its single refresh. It outlives generations of the rules on purpose: after a
// reload the old generation still serves requests in flight, and two gateways with separate budgets
// could exceed amoCRM's limit, forget a ban, or spend the same single-use refresh token twice.
#pragma once

#include "plugins/amocrm/oauth.hpp"
#include "plugins/amocrm/throttle.hpp"
#include "plugins/amocrm/types.hpp"
#include "proxy/async/single_flight.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace hs1c::amocrm {

// An access token to send and the version of the pair it came from (so a caller that saw it refused
// can tell whether someone has refreshed since).
struct bearer {
    std::string access;
    std::uint64_t generation = 0;
};

struct account_link {
    explicit account_link(send_schedule::plan plan) : budget(plan) {}

    amocrm::throttle budget;
    std::atomic<bool> banned{false};
    // The newest gateway for this account; background work of older ones stops.
    std::atomic<std::uint64_t> newest_owner{0};

    // Guards everything below.
    mutable std::mutex tokens_mutex;
    bool tokens_loaded = false;  // read from the store once per process
    std::optional<token_pair> tokens;
    bool needs_authorisation = false;
    std::uint64_t generation = 0;  // bumped by every new pair

    async::single_flight<result<bearer>> refreshes;
};

// The link for `account` (the upstream URL and client id), created on first use.
std::shared_ptr<account_link> link_for(const std::string& account, send_schedule::plan plan);

}  // namespace hs1c::amocrm
