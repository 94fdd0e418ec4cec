// The amoCRM gateway every feature uses (DESIGN §5): reads and finds leads, writes the
// «Идентификатор 1С» field and moves leads between stages, while keeping below amoCRM's request
// limit, backing off on 429, stopping at once on a ban, refreshing OAuth tokens one at a time and
// turning every answer into a value or a typed failure.
#pragma once

#include "plugins/amocrm/resolution.hpp"
#include "plugins/amocrm/settings.hpp"
#include "plugins/amocrm/types.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::observe {
class metrics;
}
namespace hs1c::routing {
class plugin_registry;
}
namespace hs1c::store {
class database;
}
namespace hs1c::upstream {
class client;
}

namespace hs1c::amocrm {

// What operations see of the gateway (GET /admin/amocrm); never a token.
struct overview {
    auth_state state = auth_state::resolving;
    std::string_view detail;
    auth_mode mode = auth_mode::oauth;
    bool has_tokens = false;
    std::optional<std::int64_t> token_expires_at;  // Unix seconds, OAuth only
    std::optional<resolution> resolved;
    std::size_t allowance = 0;  // requests per window at the moment
};

class gateway {  // thread-safe; one per generation, shared: gateway_from(registry) in plugins/amocrm/plugin.hpp
public:
    gateway(gateway_settings settings, std::shared_ptr<upstream::client> client, store::database& store,
            observe::metrics& metrics);
    ~gateway();
    gateway(const gateway&) = delete;
    gateway& operator=(const gateway&) = delete;

    boost::asio::awaitable<result<lead>> get_lead(std::int64_t id);
    // Writes `value` into the configured «Идентификатор 1С» field of the lead.
    boost::asio::awaitable<result<done>> write_onec_id(std::int64_t lead_id, std::string value);
    // Moves the lead to the stage configured for `event` ("payment", "invoice"): status_id + pipeline_id.
    boost::asio::awaitable<result<done>> move_to_stage(std::int64_t lead_id, std::string event);
    // Leads whose configured field equals `value` exactly (query=, all pages, 204 = none).
    boost::asio::awaitable<result<std::vector<lead>>> find_by_onec_id(std::string value);
    // The id of the configured «Идентификатор 1С» field, resolving names first when needed.
    boost::asio::awaitable<result<std::int64_t>> onec_id_field();
    auth_state state() const;
    std::string_view state_detail() const;  // Russian/English detail for /readyz and logs, no secrets

    // Exchanges an authorization code from the OAuth callback and stores the pair before using it.
    boost::asio::awaitable<result<done>> authorise(std::string code);
    // Start-up: loads the stored tokens and resolves names to ids, retrying while amoCRM cannot be
    // reached, until done or a newer gateway for the account takes over.
    boost::asio::awaitable<void> start();
    // Lifts a ban after amoCRM support has: calls go out again.
    void unban();
    overview describe() const;
    const gateway_settings& settings() const;

private:
    struct state_type;
    std::shared_ptr<state_type> state_;
};

std::shared_ptr<gateway> gateway_from(routing::plugin_registry&);  // nullptr when no "amocrm" section

}  // namespace hs1c::amocrm
