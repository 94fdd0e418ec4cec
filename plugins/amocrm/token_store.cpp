#include "plugins/amocrm/token_store.hpp"

#include "proxy/store/database.hpp"

namespace hs1c::amocrm::token_store {

std::vector<std::string> migrations() {
    return {
        // 1: the OAuth pair; a single row (id 1). Times are Unix seconds.
        "CREATE TABLE amocrm_tokens ("
        "  id INTEGER PRIMARY KEY CHECK (id = 1),"
        "  access_token TEXT NOT NULL, refresh_token TEXT NOT NULL,"
        "  expires_at INTEGER NOT NULL, obtained_at INTEGER NOT NULL,"
        "  revoked INTEGER NOT NULL DEFAULT 0,"
        "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
    };
}

std::optional<stored> load(store::connection& db) {
    auto st = db.prepare(
        "SELECT access_token, refresh_token, expires_at, obtained_at, revoked FROM amocrm_tokens WHERE id = 1");
    if (!st.step()) return std::nullopt;
    stored s;
    s.pair.access = st.column_text(0);
    s.pair.refresh = st.column_text(1);
    s.pair.expires_at = st.column_int64(2);
    s.pair.obtained_at = st.column_int64(3);
    s.revoked = st.column_int64(4) != 0;
    return s;
}

void save(store::connection& db, const token_pair& pair) {
    db.transaction([&](store::connection& c) {
        c.prepare(
             "INSERT INTO amocrm_tokens (id, access_token, refresh_token, expires_at, obtained_at, revoked)"
             " VALUES (1, ?1, ?2, ?3, ?4, 0)"
             " ON CONFLICT(id) DO UPDATE SET access_token = excluded.access_token,"
             " refresh_token = excluded.refresh_token, expires_at = excluded.expires_at,"
             " obtained_at = excluded.obtained_at, revoked = 0,"
             " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')")
            .bind(1, pair.access)
            .bind(2, pair.refresh)
            .bind(3, pair.expires_at)
            .bind(4, pair.obtained_at)
            .step();
    });
}

void mark_revoked(store::connection& db) {
    db.prepare("UPDATE amocrm_tokens SET revoked = 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = 1")
        .step();
}

}  // namespace hs1c::amocrm::token_store
