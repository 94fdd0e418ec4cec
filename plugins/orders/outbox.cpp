#include "plugins/orders/outbox.hpp"

#include "proxy/store/database.hpp"

#include <array>
#include <chrono>

namespace hs1c::orders {

namespace {

constexpr std::array<std::string_view, 5> state_names{"pending_1c", "pending_amocrm", "done", "unlinked", "parked"};

constexpr std::string_view columns =
    "cart_id, script_id, lead_id, payload, state, reason, attempts, next_at_ms, onec_id, onec_number, summary,"
    " created_at, updated_at";

outbox_row read_row(const store::statement& st) {
    outbox_row r;
    r.cart_id = st.column_text(0);
    r.script_id = st.column_text(1);
    if (!st.column_is_null(2)) r.lead_id = st.column_int64(2);
    r.payload = st.column_text(3);
    r.state = parse_state(st.column_text(4)).value_or(state::parked);
    r.reason = st.column_text(5);
    r.attempts = st.column_int64(6);
    r.next_at_ms = st.column_int64(7);
    r.onec_id = st.column_text(8);
    r.onec_number = st.column_text(9);
    r.summary = st.column_text(10);
    r.created_at = st.column_text(11);
    r.updated_at = st.column_text(12);
    return r;
}

constexpr std::string_view touch = "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')";

}  // namespace

std::vector<std::string> migrations() {
    return {
        // 1: the outbox; cart_id is the order's idempotency key in 1C (external_id).
        "CREATE TABLE orders_outbox ("
        "  cart_id TEXT PRIMARY KEY, script_id TEXT NOT NULL, lead_id INTEGER, payload TEXT NOT NULL,"
        "  state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0,"
        "  next_at_ms INTEGER NOT NULL DEFAULT 0, onec_id TEXT NOT NULL DEFAULT '',"
        "  onec_number TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '',"
        "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
        "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
        "CREATE INDEX orders_outbox_due ON orders_outbox(state, next_at_ms)",
    };
}

std::string_view state_name(state s) { return state_names[static_cast<std::size_t>(s)]; }

std::optional<state> parse_state(std::string_view name) {
    for (std::size_t i = 0; i < state_names.size(); ++i) {
        if (state_names[i] == name) return static_cast<state>(i);
    }
    return std::nullopt;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace outbox {

std::pair<outbox_row, bool> enqueue(store::connection& db, const outbox_row& row) {
    return db.transaction([&](store::connection& tx) -> std::pair<outbox_row, bool> {
        if (auto existing = find(tx, row.cart_id)) return {std::move(*existing), false};
        auto st = tx.prepare(
            "INSERT INTO orders_outbox (cart_id, script_id, lead_id, payload, state, reason, next_at_ms, summary)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        st.bind(1, row.cart_id).bind(2, row.script_id);
        if (row.lead_id) st.bind(3, *row.lead_id);
        else st.bind_null(3);
        st.bind(4, row.payload).bind(5, state_name(row.state)).bind(6, row.reason).bind(7, row.next_at_ms);
        st.bind(8, row.summary);
        st.step();
        return {*find(tx, row.cart_id), true};
    });
}

std::optional<outbox_row> find(store::connection& db, std::string_view cart_id) {
    auto st = db.prepare("SELECT " + std::string(columns) + " FROM orders_outbox WHERE cart_id = ?1");
    st.bind(1, cart_id);
    if (!st.step()) return std::nullopt;
    return read_row(st);
}

void submitted(store::connection& db, std::string_view cart_id, std::string_view onec_id, std::string_view number,
               state next, std::string_view reason) {
    db.prepare("UPDATE orders_outbox SET onec_id = ?2, onec_number = ?3, state = ?4, reason = ?5, attempts = 0,"
               " next_at_ms = 0, " + std::string(touch) + " WHERE cart_id = ?1")
        .bind(1, cart_id).bind(2, onec_id).bind(3, number).bind(4, state_name(next)).bind(5, reason)
        .step();
}

void set_summary(store::connection& db, std::string_view cart_id, std::string_view summary) {
    db.prepare("UPDATE orders_outbox SET summary = ?2 WHERE cart_id = ?1").bind(1, cart_id).bind(2, summary).step();
}

void retry_later(store::connection& db, std::string_view cart_id, std::int64_t next_at_ms, std::string_view reason) {
    db.prepare("UPDATE orders_outbox SET attempts = attempts + 1, next_at_ms = ?2, reason = ?3, " + std::string(touch) +
               " WHERE cart_id = ?1")
        .bind(1, cart_id).bind(2, next_at_ms).bind(3, reason)
        .step();
}

void finish(store::connection& db, std::string_view cart_id, state final_state, std::string_view reason) {
    db.prepare("UPDATE orders_outbox SET state = ?2, reason = ?3, " + std::string(touch) + " WHERE cart_id = ?1")
        .bind(1, cart_id).bind(2, state_name(final_state)).bind(3, reason)
        .step();
}

std::vector<outbox_row> due(store::connection& db, std::int64_t now, std::size_t limit) {
    auto st = db.prepare("SELECT " + std::string(columns) +
                         " FROM orders_outbox WHERE state IN ('pending_1c', 'pending_amocrm') AND next_at_ms <= ?1"
                         " ORDER BY next_at_ms, created_at LIMIT ?2");
    st.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
    std::vector<outbox_row> out;
    while (st.step()) out.push_back(read_row(st));
    return out;
}

std::vector<outbox_row> list(store::connection& db, std::optional<state> only, std::size_t limit) {
    auto st = db.prepare("SELECT " + std::string(columns) +
                         " FROM orders_outbox WHERE ?1 IS NULL OR state = ?1 ORDER BY created_at DESC LIMIT ?2");
    if (only) st.bind(1, state_name(*only));
    else st.bind_null(1);
    st.bind(2, static_cast<std::int64_t>(limit));
    std::vector<outbox_row> out;
    while (st.step()) out.push_back(read_row(st));
    return out;
}

bool requeue(store::connection& db, std::string_view cart_id) {
    db.prepare("UPDATE orders_outbox SET state = CASE WHEN onec_id = '' THEN 'pending_1c' ELSE 'pending_amocrm' END,"
               " next_at_ms = 0, attempts = 0, " + std::string(touch) +
               " WHERE cart_id = ?1 AND state IN ('parked', 'unlinked', 'pending_1c', 'pending_amocrm')")
        .bind(1, cart_id)
        .step();
    return db.changes() > 0;
}

std::vector<std::pair<state, std::int64_t>> counts(store::connection& db) {
    std::vector<std::pair<state, std::int64_t>> out;
    for (std::size_t i = 0; i < state_names.size(); ++i) out.emplace_back(static_cast<state>(i), 0);
    auto st = db.prepare("SELECT state, COUNT(*) FROM orders_outbox GROUP BY state");
    while (st.step()) {
        if (auto s = parse_state(st.column_text(0))) out[static_cast<std::size_t>(*s)].second = st.column_int64(1);
    }
    return out;
}

std::optional<std::int64_t> lead_for_onec_id(store::connection& db, std::string_view onec_id) {
    auto st = db.prepare("SELECT lead_id FROM orders_outbox WHERE onec_id = ?1 AND lead_id IS NOT NULL"
                         " ORDER BY created_at DESC LIMIT 1");
    st.bind(1, onec_id);
    if (!st.step()) return std::nullopt;
    return st.column_int64(0);
}

std::optional<std::pair<std::string, std::string>> latest_for_lead(store::connection& db, std::int64_t lead_id) {
    auto st = db.prepare("SELECT onec_id, onec_number FROM orders_outbox WHERE lead_id = ?1 AND onec_id <> ''"
                         " ORDER BY created_at DESC LIMIT 1");
    st.bind(1, lead_id);
    if (!st.step()) return std::nullopt;
    return std::pair{st.column_text(0), st.column_text(1)};
}

}  // namespace outbox

}  // namespace hs1c::orders
