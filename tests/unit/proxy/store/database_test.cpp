#include "proxy/store/database.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace hs1c::store;
namespace fs = std::filesystem;

namespace {

// A fresh folder path under the system temp dir, not yet created (open() must create it), removed
// with everything in it at the end of the case.
struct temp_dir {
    fs::path root;

    temp_dir()
    {
        std::random_device random;
        root = fs::temp_directory_path() / ("hs1c-unit-store-" + std::to_string(random()) + std::to_string(random()));
    }
    ~temp_dir()
    {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }
    std::string file(const std::string& name = "store.db") const { return (root / "nested" / name).string(); }
};

// Counts live copies of itself, so a test sees a callable destroyed more often than it was made.
struct lifetime_tracker {
    std::atomic<int>* live;

    explicit lifetime_tracker(std::atomic<int>* counter) : live(counter) { ++*live; }
    lifetime_tracker(const lifetime_tracker& other) : live(other.live) { ++*live; }
    lifetime_tracker(lifetime_tracker&& other) noexcept : live(other.live) { ++*live; }
    lifetime_tracker& operator=(const lifetime_tracker&) = delete;
    ~lifetime_tracker() { --*live; }
};

struct custom_failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Boost.Test assertions are not thread-safe, so code on the store thread reports a missing row by
// throwing; run() carries the exception back to the test thread.
void require_row(statement& s)
{
    if (!s.step()) {
        throw std::logic_error("query returned no row");
    }
}

// Drives db.run(fn) to completion from an io_context on this thread, rethrowing what fn threw. The
// io_context outlives every database (as the proxy's worker contexts do): the store thread may still be
// returning from its post to it when run() here has already completed.
template <class F>
auto run_here(database& db, F fn)
{
    static boost::asio::io_context io;
    io.restart();
    auto done = boost::asio::co_spawn(io, db.run(std::move(fn)), boost::asio::use_future);
    io.run();
    return done.get();
}

std::int64_t query_int(database& db, std::string sql)
{
    return run_here(db, [sql = std::move(sql)](connection& c) {
        auto s = c.prepare(sql);
        require_row(s);
        return s.column_int64(0);
    });
}

std::string query_text(database& db, std::string sql)
{
    return run_here(db, [sql = std::move(sql)](connection& c) {
        auto s = c.prepare(sql);
        require_row(s);
        return s.column_text(0);
    });
}

using applied_list = std::vector<std::pair<std::string, std::int64_t>>;

applied_list applied_migrations(database& db)
{
    return run_here(db, [](connection& c) {
        applied_list out;
        auto s = c.prepare("SELECT component, version FROM hs1c_migrations ORDER BY rowid");
        while (s.step()) {
            out.emplace_back(s.column_text(0), s.column_int64(1));
        }
        return out;
    });
}

std::vector<std::string> cart_migrations()
{
    return {"CREATE TABLE carts(id TEXT PRIMARY KEY)", "ALTER TABLE carts ADD COLUMN lead INTEGER",
            "INSERT INTO carts(id, lead) VALUES('seed', 1)"};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(database_test, temp_dir)

BOOST_AUTO_TEST_CASE(open_creates_folder_and_file)
{
    const auto path = file();
    BOOST_TEST_REQUIRE(!fs::exists(root));
    database db(path);
    BOOST_TEST(!db.is_open());
    BOOST_TEST(db.path() == path);
    db.open();
    BOOST_TEST(db.is_open());
    BOOST_TEST(fs::is_directory(root / "nested"));
    BOOST_TEST(fs::is_regular_file(path));
    db.close();
    BOOST_TEST(!db.is_open());
    db.close();
}

BOOST_AUTO_TEST_CASE(wal_and_full_synchronous)
{
    database db(file());
    db.open();
    BOOST_TEST(query_text(db, "PRAGMA journal_mode") == "wal");
    constexpr std::int64_t sqlite_synchronous_full = 2;
    BOOST_TEST(query_int(db, "PRAGMA synchronous") == sqlite_synchronous_full);
    BOOST_TEST(query_int(db, "PRAGMA foreign_keys") == 1);
}

BOOST_AUTO_TEST_CASE(migrations_apply_in_order_once)
{
    const auto path = file();
    {
        database db(path);
        db.open();
        db.add_migrations("cart", cart_migrations());
        db.migrate();
        BOOST_TEST((applied_migrations(db) == applied_list{{"cart", 1}, {"cart", 2}, {"cart", 3}}));
        BOOST_TEST(query_int(db, "SELECT lead FROM carts WHERE id='seed'") == 1);

        db.migrate();
        BOOST_TEST(applied_migrations(db).size() == 3U);
        BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM carts") == 1);
    }
    {
        database db(path);
        db.open();
        db.add_migrations("cart", cart_migrations());
        db.migrate();
        BOOST_TEST(applied_migrations(db).size() == 3U);
        BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM carts") == 1);
    }
    {
        database db(path);
        db.open();
        auto more = cart_migrations();
        more.emplace_back("INSERT INTO carts(id, lead) VALUES('fourth', 4)");
        db.add_migrations("cart", std::move(more));
        db.migrate();
        BOOST_TEST((applied_migrations(db) == applied_list{{"cart", 1}, {"cart", 2}, {"cart", 3}, {"cart", 4}}));
        BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM carts") == 2);
    }
}

BOOST_AUTO_TEST_CASE(components_have_their_own_versions)
{
    database db(file());
    db.open();
    db.add_migrations("cart", cart_migrations());
    db.add_migrations("amocrm", {"CREATE TABLE links(deal INTEGER)"});
    db.migrate();
    const auto applied = applied_migrations(db);
    BOOST_TEST(applied.size() == 4U);
    BOOST_TEST(query_int(db, "SELECT MAX(version) FROM hs1c_migrations WHERE component='cart'") == 3);
    BOOST_TEST(query_int(db, "SELECT MAX(version) FROM hs1c_migrations WHERE component='amocrm'") == 1);
}

BOOST_AUTO_TEST_CASE(newer_stored_version_throws)
{
    const auto path = file();
    {
        database db(path);
        db.open();
        db.add_migrations("cart", cart_migrations());
        db.migrate();
    }
    database db(path);
    db.open();
    auto older = cart_migrations();
    older.pop_back();
    db.add_migrations("cart", std::move(older));
    BOOST_CHECK_THROW(db.migrate(), store_error);
    BOOST_TEST(applied_migrations(db).size() == 3U);
}

BOOST_AUTO_TEST_CASE(failing_migration_is_rolled_back)
{
    const auto path = file();
    {
        database db(path);
        db.open();
        db.add_migrations("cart", {"CREATE TABLE a(x)", "CREATE TABLE b(x); INSERT INTO missing VALUES(1)"});
        BOOST_CHECK_THROW(db.migrate(), store_error);
        BOOST_TEST((applied_migrations(db) == applied_list{{"cart", 1}}));
        BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name='a'") == 1);
        BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name='b'") == 0);
    }
    database db(path);
    db.open();
    db.add_migrations("cart", {"CREATE TABLE a(x)", "CREATE TABLE b(x)"});
    db.migrate();
    BOOST_TEST((applied_migrations(db) == applied_list{{"cart", 1}, {"cart", 2}}));
}

BOOST_AUTO_TEST_CASE(run_executes_on_the_store_thread_and_resumes_on_the_caller)
{
    boost::asio::io_context io;  // declared first so the store thread is joined before it is destroyed
    database db(file());
    db.open();
    const auto caller = std::this_thread::get_id();
    std::thread::id inside;
    std::thread::id after;
    auto done = boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            inside = co_await db.run([](connection&) { return std::this_thread::get_id(); });
            after = std::this_thread::get_id();
        },
        boost::asio::use_future);
    io.run();
    done.get();
    BOOST_TEST((inside != std::thread::id{}));
    BOOST_TEST((inside != caller));
    BOOST_TEST((after == caller));
}

BOOST_AUTO_TEST_CASE(run_returns_values)
{
    database db(file());
    db.open();
    BOOST_TEST(run_here(db, [](connection&) { return 42; }) == 42);
    BOOST_TEST(run_here(db, [](connection&) { return std::string("Номенклатура"); }) == "Номенклатура");
    run_here(db, [](connection& c) { c.exec("CREATE TABLE t(x INTEGER)"); });
    const auto rowid = run_here(db, [](connection& c) {
        c.exec("INSERT INTO t VALUES(7)");
        return c.last_insert_rowid();
    });
    BOOST_TEST(rowid == 1);
    const auto changed = run_here(db, [](connection& c) {
        c.exec("INSERT INTO t VALUES(8); INSERT INTO t VALUES(9)");
        c.exec("UPDATE t SET x = x + 1 WHERE x > 7");
        return c.changes();
    });
    BOOST_TEST(changed == 2);
    BOOST_TEST(query_int(db, "SELECT SUM(x) FROM t") == 7 + 9 + 10);
}

// Plugins pass lambdas capturing strings and shared_ptrs; destroying such a capture twice frees its
// memory twice. The tracker makes that visible as a count below zero instead of heap corruption.
BOOST_AUTO_TEST_CASE(run_destroys_the_callable_once)
{
    database db(file());
    db.open();
    std::atomic<int> live{0};
    {
        const lifetime_tracker original(&live);
        const auto value = run_here(db, [copy = original](connection&) { return copy.live != nullptr ? 1 : 0; });
        BOOST_TEST(value == 1);
        // Only the original is left once run() has finished.
        BOOST_TEST(live.load() == 1);
    }
    BOOST_TEST(live.load() == 0);
}

BOOST_AUTO_TEST_CASE(run_propagates_exceptions)
{
    database db(file());
    db.open();
    BOOST_CHECK_THROW(run_here(db, [](connection& c) { c.exec("SELEKT 1"); }), store_error);
    BOOST_CHECK_THROW(run_here(db, [](connection& c) { return c.prepare("SELECT * FROM nowhere").step(); }),
                      store_error);
    BOOST_CHECK_THROW(run_here(db, [](connection&) -> int { throw custom_failure("boom"); }), custom_failure);
    // The store thread survives its callers' failures.
    BOOST_TEST(query_int(db, "SELECT 5") == 5);
}

BOOST_AUTO_TEST_CASE(throwing_transaction_rolls_back)
{
    database db(file());
    db.open();
    run_here(db, [](connection& c) { c.exec("CREATE TABLE t(x INTEGER)"); });

    BOOST_CHECK_THROW(run_here(db,
                               [](connection& c) {
                                   c.transaction([](connection& t) {
                                       t.exec("INSERT INTO t VALUES(1)");
                                       t.exec("INSERT INTO t VALUES(2)");
                                       throw custom_failure("abort");
                                   });
                               }),
                      custom_failure);
    BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM t") == 0);

    BOOST_CHECK_THROW(run_here(db,
                               [](connection& c) {
                                   c.transaction([](connection& t) {
                                       t.exec("INSERT INTO t VALUES(3)");
                                       t.exec("INSERT INTO nowhere VALUES(4)");
                                   });
                               }),
                      store_error);
    BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM t") == 0);

    const auto committed = run_here(db, [](connection& c) {
        return c.transaction([](connection& t) {
            t.exec("INSERT INTO t VALUES(5)");
            return t.last_insert_rowid();
        });
    });
    BOOST_TEST(committed > 0);
    BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM t") == 1);
    BOOST_TEST(query_int(db, "SELECT x FROM t") == 5);
}

BOOST_AUTO_TEST_CASE(text_binding_keeps_nul_bytes_and_cyrillic)
{
    using namespace std::string_literals;
    database db(file());
    db.open();
    const auto with_nul = "a\0b\0"s;
    const std::string cyrillic = "Номенклатура «Стул» — белый";
    BOOST_TEST_REQUIRE(with_nul.size() == 4U);

    const auto read = run_here(db, [&](connection& c) {
        c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        c.prepare("INSERT INTO t(id, v) VALUES(1, ?)").bind(1, with_nul).step();
        c.prepare("INSERT INTO t(id, v) VALUES(2, ?)").bind(1, cyrillic).step();
        std::vector<std::string> out;
        auto s = c.prepare("SELECT v FROM t ORDER BY id");
        while (s.step()) {
            out.push_back(s.column_text(0));
        }
        return out;
    });
    BOOST_TEST_REQUIRE(read.size() == 2U);
    BOOST_TEST(read[0] == with_nul);
    BOOST_TEST(read[0].size() == 4U);
    BOOST_TEST(read[1] == cyrillic);

    BOOST_TEST(query_text(db, "SELECT hex(CAST(v AS BLOB)) FROM t WHERE id=1") == "61006200");
    // length() counts characters of the UTF-8 text, so it proves the bytes were stored as UTF-8.
    constexpr std::int64_t cyrillic_characters = 27;
    BOOST_TEST(query_int(db, "SELECT length(v) FROM t WHERE id=2") == cyrillic_characters);
    const auto found = run_here(db, [&](connection& c) {
        auto s = c.prepare("SELECT id FROM t WHERE v = ?");
        s.bind(1, cyrillic);
        require_row(s);
        return s.column_int64(0);
    });
    BOOST_TEST(found == 2);
}

BOOST_AUTO_TEST_CASE(integer_and_null_binding)
{
    database db(file());
    db.open();
    constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
    constexpr auto highest = std::numeric_limits<std::int64_t>::max();
    const auto values = run_here(db, [&](connection& c) {
        auto s = c.prepare("SELECT ?, ?, ?");
        s.bind(1, lowest).bind(2, highest).bind_null(3);
        require_row(s);
        std::vector<std::int64_t> out{s.column_int64(0), s.column_int64(1)};
        out.push_back(s.column_is_null(2) ? 1 : 0);
        out.push_back(s.column_is_null(0) ? 1 : 0);
        out.push_back(s.step() ? 1 : 0);
        // reset() also clears the bindings: an unbound parameter is NULL.
        s.reset();
        require_row(s);
        out.push_back(s.column_is_null(0) ? 1 : 0);
        return out;
    });
    BOOST_TEST((values == std::vector<std::int64_t>{lowest, highest, 1, 0, 0, 1}));
}

BOOST_AUTO_TEST_CASE(constraint_violation_throws_from_step)
{
    database db(file());
    db.open();
    BOOST_CHECK_THROW(run_here(db,
                               [](connection& c) {
                                   c.exec("CREATE TABLE u(k TEXT PRIMARY KEY)");
                                   c.prepare("INSERT INTO u VALUES(?)").bind(1, std::string_view("x")).step();
                                   c.prepare("INSERT INTO u VALUES(?)").bind(1, std::string_view("x")).step();
                               }),
                      store_error);
    BOOST_TEST(query_int(db, "SELECT COUNT(*) FROM u") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
