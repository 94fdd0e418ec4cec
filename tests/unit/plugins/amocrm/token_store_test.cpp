#include "plugins/amocrm/token_store.hpp"

#include "proxy/store/database.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <random>
#include <string>

using namespace hs1c::amocrm;
namespace fs = std::filesystem;

namespace {

struct temp_store {
    fs::path root;
    hs1c::store::database db;

    temp_store() : root(make_root()), db((root / "hs1c.db").string())
    {
        db.open();
        db.add_migrations(std::string(token_store::component), token_store::migrations());
        db.migrate();
    }
    ~temp_store()
    {
        db.close();
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }

    static fs::path make_root()
    {
        std::random_device random;
        return fs::temp_directory_path() / ("hs1c-unit-amocrm-" + std::to_string(random()) + std::to_string(random()));
    }

    // Runs fn on the store thread from an io_context here, as the gateway does from its own.
    template <class F>
    auto run(F fn)
    {
        static boost::asio::io_context io;
        io.restart();
        auto done = boost::asio::co_spawn(io, db.run(std::move(fn)), boost::asio::use_future);
        io.run();
        return done.get();
    }
};

const token_pair first{"access-1", "refresh-1", 1'764'845'000, 1'764'758'600};
const token_pair second{"access-2", "refresh-2", 1'764'931'400, 1'764'845'000};

}  // namespace

BOOST_AUTO_TEST_SUITE(token_store_test)

BOOST_AUTO_TEST_CASE(nothing_stored_at_first)
{
    temp_store s;
    auto load = [](hs1c::store::connection& c) { return token_store::load(c); };
    BOOST_TEST(!s.run(std::move(load)).has_value());
}

BOOST_AUTO_TEST_CASE(a_saved_pair_comes_back_and_a_new_one_replaces_it)
{
    temp_store s;
    auto save_first = [](hs1c::store::connection& c) { token_store::save(c, first); };
    s.run(std::move(save_first));
    auto load = [](hs1c::store::connection& c) { return token_store::load(c); };
    const auto a = s.run(load);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->pair.access == "access-1");
    BOOST_TEST(a->pair.refresh == "refresh-1");
    BOOST_TEST(a->pair.expires_at == first.expires_at);
    BOOST_TEST(a->pair.obtained_at == first.obtained_at);
    BOOST_TEST(!a->revoked);

    auto save_second = [](hs1c::store::connection& c) { token_store::save(c, second); };
    s.run(std::move(save_second));
    const auto b = s.run(load);
    BOOST_TEST(b->pair.refresh == "refresh-2");
    BOOST_TEST(b->pair.expires_at == second.expires_at);
    auto rows = [](hs1c::store::connection& c) {
        auto st = c.prepare("SELECT COUNT(*) FROM amocrm_tokens");
        st.step();
        return st.column_int64(0);
    };
    BOOST_TEST(s.run(std::move(rows)) == 1);
}

BOOST_AUTO_TEST_CASE(revoked_is_remembered_until_a_new_pair_is_saved)
{
    temp_store s;
    auto save_first = [](hs1c::store::connection& c) { token_store::save(c, first); };
    s.run(save_first);
    auto revoke = [](hs1c::store::connection& c) { token_store::mark_revoked(c); };
    s.run(std::move(revoke));
    auto load = [](hs1c::store::connection& c) { return token_store::load(c); };
    BOOST_TEST(s.run(load)->revoked);
    BOOST_TEST(s.run(load)->pair.refresh == "refresh-1");
    auto save_second = [](hs1c::store::connection& c) { token_store::save(c, second); };
    s.run(std::move(save_second));
    BOOST_TEST(!s.run(load)->revoked);
}

BOOST_AUTO_TEST_CASE(marking_revoked_without_a_pair_stores_nothing)
{
    temp_store s;
    auto revoke = [](hs1c::store::connection& c) { token_store::mark_revoked(c); };
    s.run(std::move(revoke));
    auto load = [](hs1c::store::connection& c) { return token_store::load(c); };
    BOOST_TEST(!s.run(std::move(load)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
