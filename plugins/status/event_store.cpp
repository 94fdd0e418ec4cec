#include "plugins/status/event_store.hpp"

#include "proxy/store/database.hpp"

#include <array>

namespace hs1c::status {

namespace {

constexpr std::array<std::string_view, 4> state_names{"pending", "done", "skipped", "parked"};
constexpr std::string_view columns =
    "seq, onec_id, type, at, state, reason, lead_id, attempts, next_at_ms, received_ms, received_at, updated_at";
constexpr std::string_view touch = "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')";

event_row read_row(const store::statement& st) {
    event_row r;
    r.seq = st.column_int64(0);
    r.ev = {st.column_text(1), st.column_text(2), st.column_text(3)};
    r.state = parse_state(st.column_text(4)).value_or(state::parked);
    r.reason = st.column_text(5);
    if (!st.column_is_null(6)) r.lead_id = st.column_int64(6);
    r.attempts = st.column_int64(7);
    r.next_at_ms = st.column_int64(8);
    r.received_ms = st.column_int64(9);
    r.received_at = st.column_text(10);
    r.updated_at = st.column_text(11);
    return r;
}

void bind_lead(store::statement& st, int index, std::optional<std::int64_t> lead) {
    if (lead) st.bind(index, *lead);
    else st.bind_null(index);
}

}  // namespace

std::vector<std::string> migrations() {
    return {
        // 1: events as 1C sent them, and the last stage applied per deal.
        "CREATE TABLE status_events ("
        "  seq INTEGER PRIMARY KEY AUTOINCREMENT, dedup TEXT NOT NULL UNIQUE, onec_id TEXT NOT NULL,"
        "  type TEXT NOT NULL, at TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',"
        "  lead_id INTEGER, attempts INTEGER NOT NULL DEFAULT 0, next_at_ms INTEGER NOT NULL DEFAULT 0,"
        "  received_ms INTEGER NOT NULL,"
        "  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
        "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
        "CREATE INDEX status_events_pending ON status_events(state, seq);"
        "CREATE TABLE status_deals (lead_id INTEGER PRIMARY KEY, last_rank INTEGER NOT NULL)",
    };
}

std::string_view state_name(state s) { return state_names[static_cast<std::size_t>(s)]; }

std::optional<state> parse_state(std::string_view name) {
    for (std::size_t i = 0; i < state_names.size(); ++i) {
        if (state_names[i] == name) return static_cast<state>(i);
    }
    return std::nullopt;
}

namespace events {

std::pair<event_row, bool> accept(store::connection& db, const event& e, std::int64_t now_ms) {
    return db.transaction([&](store::connection& tx) -> std::pair<event_row, bool> {
        auto ins = tx.prepare(
            "INSERT INTO status_events (dedup, onec_id, type, at, state, received_ms) VALUES (?1, ?2, ?3, ?4, 'pending', ?5)"
            " ON CONFLICT (dedup) DO NOTHING");
        ins.bind(1, dedup_key(e)).bind(2, e.onec_id).bind(3, e.type).bind(4, e.at).bind(5, now_ms);
        ins.step();
        const bool created = tx.changes() > 0;
        auto sel = tx.prepare("SELECT " + std::string(columns) + " FROM status_events WHERE dedup = ?1");
        sel.bind(1, dedup_key(e));
        sel.step();
        return {read_row(sel), created};
    });
}

std::vector<event_row> pending(store::connection& db, std::size_t limit) {
    auto st = db.prepare("SELECT " + std::string(columns) + " FROM status_events WHERE state = 'pending' ORDER BY seq LIMIT ?1");
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<event_row> out;
    while (st.step()) out.push_back(read_row(st));
    return out;
}

void retry_later(store::connection& db, std::int64_t seq, std::int64_t next_at_ms, std::string_view reason,
                 std::optional<std::int64_t> lead_id) {
    auto st = db.prepare("UPDATE status_events SET attempts = attempts + 1, next_at_ms = ?2, reason = ?3,"
                         " lead_id = COALESCE(?4, lead_id), " + std::string(touch) + " WHERE seq = ?1");
    st.bind(1, seq).bind(2, next_at_ms).bind(3, reason);
    bind_lead(st, 4, lead_id);
    st.step();
}

void finish(store::connection& db, std::int64_t seq, state s, std::string_view reason, std::optional<std::int64_t> lead_id) {
    auto st = db.prepare("UPDATE status_events SET state = ?2, reason = ?3, lead_id = COALESCE(?4, lead_id), " +
                         std::string(touch) + " WHERE seq = ?1");
    st.bind(1, seq).bind(2, state_name(s)).bind(3, reason);
    bind_lead(st, 4, lead_id);
    st.step();
}

std::vector<event_row> list(store::connection& db, std::optional<state> only, std::size_t limit) {
    auto st = db.prepare("SELECT " + std::string(columns) +
                         " FROM status_events WHERE ?1 IS NULL OR state = ?1 ORDER BY seq DESC LIMIT ?2");
    if (only) st.bind(1, state_name(*only));
    else st.bind_null(1);
    st.bind(2, static_cast<std::int64_t>(limit));
    std::vector<event_row> out;
    while (st.step()) out.push_back(read_row(st));
    return out;
}

bool requeue(store::connection& db, std::int64_t seq, std::int64_t now_ms) {
    db.prepare("UPDATE status_events SET state = 'pending', next_at_ms = 0, attempts = 0, received_ms = ?2, " +
               std::string(touch) + " WHERE seq = ?1 AND state IN ('parked', 'skipped', 'pending')")
        .bind(1, seq)
        .bind(2, now_ms)
        .step();
    return db.changes() > 0;
}

std::vector<std::pair<state, std::int64_t>> counts(store::connection& db) {
    std::vector<std::pair<state, std::int64_t>> out;
    for (std::size_t i = 0; i < state_names.size(); ++i) out.emplace_back(static_cast<state>(i), 0);
    auto st = db.prepare("SELECT state, COUNT(*) FROM status_events GROUP BY state");
    while (st.step()) {
        if (auto s = parse_state(st.column_text(0))) out[static_cast<std::size_t>(*s)].second = st.column_int64(1);
    }
    return out;
}

std::int64_t last_rank(store::connection& db, std::int64_t lead_id) {
    auto st = db.prepare("SELECT last_rank FROM status_deals WHERE lead_id = ?1");
    st.bind(1, lead_id);
    return st.step() ? st.column_int64(0) : -1;
}

void set_rank(store::connection& db, std::int64_t lead_id, std::int64_t rank) {
    db.prepare("INSERT INTO status_deals (lead_id, last_rank) VALUES (?1, ?2)"
               " ON CONFLICT (lead_id) DO UPDATE SET last_rank = excluded.last_rank")
        .bind(1, lead_id)
        .bind(2, rank)
        .step();
}

}  // namespace events

}  // namespace hs1c::status
