// The order outbox in the SQLite store: one row per cart, committed before anything is sent, then
// moved through pending_1c → pending_amocrm → done (or unlinked without a deal, or parked with a
// reason when retrying cannot help). Every function runs on the store thread and commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::store {
class connection;
}

namespace hs1c::orders {

inline constexpr const char* store_component = "orders";
std::vector<std::string> migrations();

enum class state { pending_1c, pending_amocrm, done, unlinked, parked };
std::string_view state_name(state s);
std::optional<state> parse_state(std::string_view name);

struct outbox_row {
    std::string cart_id;  // also the order's external_id in 1C
    std::string script_id;
    std::optional<std::int64_t> lead_id;
    std::string payload;  // the order JSON sent to 1C
    orders::state state = state::pending_1c;
    std::string reason;   // why parked, unlinked, or the last retryable failure
    std::int64_t attempts = 0;
    std::int64_t next_at_ms = 0;  // system clock, ms since the epoch
    std::string onec_id;
    std::string onec_number;
    std::string summary;  // what replaced the cart reference in HyperScript's log
    std::string created_at;
    std::string updated_at;
};

std::int64_t now_ms();

namespace outbox {

// Inserts a new row; returns the existing one instead when the cart already has an order (a repeated
// «Разговор окончен»), and whether it was new.
std::pair<outbox_row, bool> enqueue(store::connection& db, const outbox_row& row);
std::optional<outbox_row> find(store::connection& db, std::string_view cart_id);

// 1C accepted the order: the next step is the amoCRM link (or unlinked without a deal).
void submitted(store::connection& db, std::string_view cart_id, std::string_view onec_id, std::string_view number,
               orders::state next, std::string_view reason);
void set_summary(store::connection& db, std::string_view cart_id, std::string_view summary);
void retry_later(store::connection& db, std::string_view cart_id, std::int64_t next_at_ms, std::string_view reason);
void finish(store::connection& db, std::string_view cart_id, orders::state final_state, std::string_view reason);

// Rows in pending states whose time has come, oldest first.
std::vector<outbox_row> due(store::connection& db, std::int64_t now_ms, std::size_t limit);
std::vector<outbox_row> list(store::connection& db, std::optional<orders::state> only, std::size_t limit);
// Puts a parked or unlinked row back to work now (pending_1c without a 1C id, else pending_amocrm);
// false when the row does not exist or is done.
bool requeue(store::connection& db, std::string_view cart_id);
std::vector<std::pair<orders::state, std::int64_t>> counts(store::connection& db);
// The deal an order with this 1C id was placed for (the local link status events look up first).
std::optional<std::int64_t> lead_for_onec_id(store::connection& db, std::string_view onec_id);
// The latest order placed for a deal that 1C accepted: its 1C id and number.
std::optional<std::pair<std::string, std::string>> latest_for_lead(store::connection& db, std::int64_t lead_id);

}  // namespace outbox

}  // namespace hs1c::orders
