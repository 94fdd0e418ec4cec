// Status events in the SQLite store: committed before 1C gets its 202, deduplicated, then worked
// through in arrival order per 1C order (pending → done | skipped | parked). Every function runs on the
// store thread and commits.
#pragma once

#include "plugins/status/event.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::store {
class connection;
}

namespace hs1c::status {

inline constexpr const char* store_component = "status";
std::vector<std::string> migrations();

enum class state { pending, done, skipped, parked };
std::string_view state_name(state s);
std::optional<state> parse_state(std::string_view name);

struct event_row {
    std::int64_t seq = 0;
    status::event ev;
    status::state state = state::pending;
    std::string reason;
    std::optional<std::int64_t> lead_id;
    std::int64_t attempts = 0;
    std::int64_t next_at_ms = 0;
    std::int64_t received_ms = 0;
    std::string received_at;
    std::string updated_at;
};

namespace events {

// Stores the event unless the same one is stored already; returns its row and whether it was new.
std::pair<event_row, bool> accept(store::connection& db, const event& e, std::int64_t now_ms);
// Pending events in arrival order (not only due ones: an event waiting blocks later ones of its order).
std::vector<event_row> pending(store::connection& db, std::size_t limit);
void retry_later(store::connection& db, std::int64_t seq, std::int64_t next_at_ms, std::string_view reason,
                 std::optional<std::int64_t> lead_id);
void finish(store::connection& db, std::int64_t seq, status::state s, std::string_view reason,
            std::optional<std::int64_t> lead_id);
std::vector<event_row> list(store::connection& db, std::optional<status::state> only, std::size_t limit);
// Back to pending now, with a fresh window for finding the deal.
bool requeue(store::connection& db, std::int64_t seq, std::int64_t now_ms);
std::vector<std::pair<status::state, std::int64_t>> counts(store::connection& db);

// The rank of the last event type applied to a deal (for never_backwards); -1 when none.
std::int64_t last_rank(store::connection& db, std::int64_t lead_id);
void set_rank(store::connection& db, std::int64_t lead_id, std::int64_t rank);

}  // namespace events

}  // namespace hs1c::status
