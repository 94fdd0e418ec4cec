#include "proxy/observe/log.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace hs1c::observe;

namespace {

// The level is process-wide: every case leaves it at the default so other suites see "info".
struct default_level_after {
    ~default_level_after() { set_log_level("info"); }
};

std::vector<bool> enabled_levels()
{
    return {log_enabled(level::debug), log_enabled(level::info), log_enabled(level::warn), log_enabled(level::error)};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(log_test, default_level_after)

BOOST_AUTO_TEST_CASE(debug_enables_everything)
{
    set_log_level("debug");
    BOOST_TEST((enabled_levels() == std::vector<bool>{true, true, true, true}));
}

BOOST_AUTO_TEST_CASE(info_hides_debug)
{
    set_log_level("debug");
    set_log_level("info");
    BOOST_TEST((enabled_levels() == std::vector<bool>{false, true, true, true}));
}

BOOST_AUTO_TEST_CASE(warn_hides_debug_and_info)
{
    set_log_level("warn");
    BOOST_TEST((enabled_levels() == std::vector<bool>{false, false, true, true}));
}

BOOST_AUTO_TEST_CASE(error_shows_only_errors)
{
    set_log_level("error");
    BOOST_TEST((enabled_levels() == std::vector<bool>{false, false, false, true}));
}

BOOST_AUTO_TEST_CASE(unknown_names_mean_info)
{
    for (const auto* name : {"verbose", "", "warning", "DEBUG", "Error", " info", "trace"}) {
        set_log_level("error");
        set_log_level(name);
        BOOST_TEST((enabled_levels() == std::vector<bool>{false, true, true, true}), "level name '" << name << "'");
        set_log_level("debug");
        set_log_level(name);
        BOOST_TEST((enabled_levels() == std::vector<bool>{false, true, true, true}), "level name '" << name << "'");
    }
}

BOOST_AUTO_TEST_SUITE_END()
