#include "proxy/store/database.hpp"

#include "proxy/observe/log.hpp"

#include <sqlite3.h>

#include <filesystem>

namespace hs1c::store {

namespace {

constexpr int busy_timeout_ms = 5000;

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw store_error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "no connection"));
}

}  // namespace

statement::statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
        fail(db_, "prepare");
}

statement::statement(statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

statement::~statement() { sqlite3_finalize(stmt_); }

statement& statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

statement& statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(db_, "bind");
    return *this;
}

statement& statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "step");
}

void statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::column_int64(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string statement::column_text(int col) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

bool statement::column_is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

void connection::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string message = err ? err : "unknown error";
        sqlite3_free(err);
        throw store_error("exec: " + message);
    }
}

statement connection::prepare(std::string_view sql) { return statement(db_, sql); }

std::int64_t connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int connection::changes() const { return sqlite3_changes(db_); }

database::database(std::string path) : path_(std::move(path)) {}

database::~database() { close(); }

void database::open() {
    const std::filesystem::path file(path_);
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    if (sqlite3_open_v2(path_.c_str(), &conn_.db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
        const std::string message = conn_.db_ ? sqlite3_errmsg(conn_.db_) : "out of memory";
        sqlite3_close(conn_.db_);
        conn_.db_ = nullptr;
        throw store_error("cannot open store " + path_ + ": " + message);
    }
    sqlite3_busy_timeout(conn_.db_, busy_timeout_ms);
    // WAL lets readers proceed during writes; FULL makes every acknowledged commit survive power loss.
    conn_.exec("PRAGMA journal_mode=WAL");
    conn_.exec("PRAGMA synchronous=FULL");
    conn_.exec("PRAGMA foreign_keys=ON");
    conn_.exec(
        "CREATE TABLE IF NOT EXISTS hs1c_migrations(component TEXT NOT NULL, version INTEGER NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
        " PRIMARY KEY(component, version))");
    work_.emplace(ctx_.get_executor());
    thread_ = std::thread([this] { ctx_.run(); });
}

void database::add_migrations(const std::string& component, std::vector<std::string> statements) {
    migrations_[component] = std::move(statements);
}

void database::migrate() {
    for (const auto& [component, statements] : migrations_) {
        auto current = conn_.prepare("SELECT COALESCE(MAX(version),0) FROM hs1c_migrations WHERE component=?");
        current.bind(1, component);
        current.step();
        const auto applied = current.column_int64(0);
        if (applied > static_cast<std::int64_t>(statements.size()))
            throw store_error("store " + path_ + " has " + component + " schema version " +
                              std::to_string(applied) + ", newer than this build knows");
        for (auto version = applied + 1; version <= static_cast<std::int64_t>(statements.size()); ++version) {
            conn_.transaction([&](connection& c) {
                c.exec(statements[static_cast<std::size_t>(version - 1)]);
                c.prepare("INSERT INTO hs1c_migrations(component, version) VALUES(?,?)")
                    .bind(1, component)
                    .bind(2, version)
                    .step();
            });
            observe::log_info("store migration applied", {{"component", component}, {"version", version}});
        }
    }
}

void database::close() {
    if (work_) {
        work_.reset();
        if (thread_.joinable()) thread_.join();
    }
    if (conn_.db_) {
        sqlite3_close(conn_.db_);
        conn_.db_ = nullptr;
    }
}

}  // namespace hs1c::store
