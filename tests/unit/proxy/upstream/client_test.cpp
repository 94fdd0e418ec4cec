#include "proxy/upstream/client.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

namespace bhttp = boost::beast::http;
using hs1c::upstream::is_idempotent;

BOOST_AUTO_TEST_SUITE(client_test)

BOOST_AUTO_TEST_CASE(rfc9110_idempotent_methods)
{
    for (const auto v : {bhttp::verb::get, bhttp::verb::head, bhttp::verb::options, bhttp::verb::trace,
                         bhttp::verb::put, bhttp::verb::delete_}) {
        BOOST_TEST(is_idempotent(v), bhttp::to_string(v));
    }
}

BOOST_AUTO_TEST_CASE(every_other_method_is_not_retried)
{
    // Only the RFC 9110 set is retried; anything else (WebDAV included) is treated as unsafe to repeat.
    const std::set<bhttp::verb> idempotent{bhttp::verb::get, bhttp::verb::head, bhttp::verb::options,
                                           bhttp::verb::trace, bhttp::verb::put, bhttp::verb::delete_};
    std::set<std::string> retried;
    int checked = 0;
    for (auto i = static_cast<int>(bhttp::verb::unknown); i <= static_cast<int>(bhttp::verb::unlink); ++i) {
        const auto v = static_cast<bhttp::verb>(i);
        ++checked;
        BOOST_TEST(is_idempotent(v) == (idempotent.count(v) == 1), bhttp::to_string(v));
        if (is_idempotent(v)) {
            retried.insert(std::string(bhttp::to_string(v)));
        }
    }
    constexpr int beast_verb_count = 34;
    BOOST_TEST(checked == beast_verb_count);
    BOOST_TEST((retried == std::set<std::string>{"DELETE", "GET", "HEAD", "OPTIONS", "PUT", "TRACE"}));
    BOOST_TEST(!is_idempotent(bhttp::verb::post));
    BOOST_TEST(!is_idempotent(bhttp::verb::patch));
    BOOST_TEST(!is_idempotent(bhttp::verb::connect));
    BOOST_TEST(!is_idempotent(bhttp::verb::unknown));
}

BOOST_AUTO_TEST_SUITE_END()
