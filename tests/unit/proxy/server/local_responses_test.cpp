#include "proxy/server/local_responses.hpp"

#include "proxy/server/messages.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace bhttp = boost::beast::http;
using namespace hs1c::server;

namespace {

constexpr unsigned http10 = 10;
constexpr unsigned http11 = 11;

std::string content_length(const hs1c::routing::response& res)
{
    return std::string(res[bhttp::field::content_length]);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(local_responses_test)

BOOST_AUTO_TEST_CASE(error_on_own_path_is_json)
{
    const auto res = error_answer(http11, true, bhttp::status::not_found, "/_hs1c/api/v1/carts/x", "not_found",
                                  messages::not_found);
    BOOST_TEST(res.result_int() == 404U);
    BOOST_TEST(res.version() == http11);
    BOOST_TEST(res[bhttp::field::content_type] == "application/json; charset=utf-8");
    BOOST_TEST(res[bhttp::field::cache_control] == "no-store");
    BOOST_TEST(res.body() == "{\"error\":{\"code\":\"not_found\",\"message\":\"Адрес не найден\"}}");
    BOOST_TEST(content_length(res) == std::to_string(res.body().size()));
    BOOST_TEST(content_length(res) == "71");
    BOOST_TEST(res.keep_alive());
    BOOST_TEST(res.count(bhttp::field::transfer_encoding) == 0U);
}

BOOST_AUTO_TEST_CASE(json_error_escapes_code_and_message)
{
    const auto res = error_answer(http11, true, bhttp::status::bad_request, "/_hs1c/1c/status", "bad\"code",
                                  "quote \" backslash \\ newline \n end");
    const auto parsed = boost::json::parse(res.body());
    const boost::json::value expected = {
        {"error", {{"code", "bad\"code"}, {"message", "quote \" backslash \\ newline \n end"}}}};
    BOOST_TEST((parsed == expected));
    BOOST_TEST(content_length(res) == std::to_string(res.body().size()));
}

BOOST_AUTO_TEST_CASE(error_elsewhere_is_plain_text)
{
    const auto res = error_answer(http11, true, bhttp::status::bad_gateway, "/index.html", "upstream_failed",
                                  messages::upstream_failed);
    BOOST_TEST(res.result_int() == 502U);
    BOOST_TEST(res[bhttp::field::content_type] == "text/plain; charset=utf-8");
    BOOST_TEST(res[bhttp::field::cache_control] == "no-store");
    BOOST_TEST(res.body() == std::string(messages::upstream_failed) + "\n");
    BOOST_TEST(content_length(res) == std::to_string(res.body().size()));
    BOOST_TEST(res.body().find("upstream_failed") == std::string::npos);

    for (const auto* path : {"/", "/ajax", "/_hs1cx/a", "/x/_hs1c/a", "/_HS1C/api"}) {
        const auto other = error_answer(http11, true, bhttp::status::not_found, path, "not_found", "nope");
        BOOST_TEST(other[bhttp::field::content_type] == "text/plain; charset=utf-8", path);
        BOOST_TEST(other.body() == "nope\n", path);
    }
}

BOOST_AUTO_TEST_CASE(keep_alive_and_version_honoured)
{
    const auto close11 = error_answer(http11, false, bhttp::status::bad_request, "/", "bad_request", "x");
    BOOST_TEST(close11.version() == http11);
    BOOST_TEST(!close11.keep_alive());
    BOOST_TEST(close11[bhttp::field::connection] == "close");

    const auto keep11 = error_answer(http11, true, bhttp::status::bad_request, "/", "bad_request", "x");
    BOOST_TEST(keep11.keep_alive());
    BOOST_TEST(keep11.count(bhttp::field::connection) == 0U);

    const auto keep10 = error_answer(http10, true, bhttp::status::bad_request, "/_hs1c/a", "bad_request", "x");
    BOOST_TEST(keep10.version() == http10);
    BOOST_TEST(keep10.keep_alive());
    BOOST_TEST(keep10[bhttp::field::connection] == "keep-alive");

    const auto close10 = error_answer(http10, false, bhttp::status::bad_request, "/_hs1c/a", "bad_request", "x");
    BOOST_TEST(close10.version() == http10);
    BOOST_TEST(!close10.keep_alive());
    BOOST_TEST(close10.count(bhttp::field::connection) == 0U);
}

BOOST_AUTO_TEST_CASE(empty_message_still_framed)
{
    const auto res = error_answer(http11, true, bhttp::status::service_unavailable, "/x", "overloaded", "");
    BOOST_TEST(res.body() == "\n");
    BOOST_TEST(content_length(res) == "1");
}

BOOST_AUTO_TEST_CASE(json_answer_follows_the_request)
{
    hs1c::routing::request req{bhttp::verb::get, "/_hs1c/api/v1/x", http10};
    req.keep_alive(true);
    const auto res = json_answer(req, bhttp::status::ok, boost::json::value{{"items", boost::json::array{1, 2}}});
    BOOST_TEST(res.result_int() == 200U);
    BOOST_TEST(res.version() == http10);
    BOOST_TEST(res.keep_alive());
    BOOST_TEST(res[bhttp::field::content_type] == "application/json; charset=utf-8");
    BOOST_TEST(res.body() == "{\"items\":[1,2]}");
    BOOST_TEST(content_length(res) == "15");
}

BOOST_AUTO_TEST_CASE(text_answer_follows_the_request)
{
    hs1c::routing::request req{bhttp::verb::get, "/healthz", http11};
    req.keep_alive(false);
    const auto res = text_answer(req, bhttp::status::ok, "Готов\n");
    BOOST_TEST(res.version() == http11);
    BOOST_TEST(!res.keep_alive());
    BOOST_TEST(res[bhttp::field::content_type] == "text/plain; charset=utf-8");
    BOOST_TEST(res.body() == "Готов\n");
    BOOST_TEST(content_length(res) == "11");

    const auto metrics = text_answer(req, bhttp::status::ok, "a 1\n", "text/plain; version=0.0.4");
    BOOST_TEST(metrics[bhttp::field::content_type] == "text/plain; version=0.0.4");
    BOOST_TEST(content_length(metrics) == "4");
}

BOOST_AUTO_TEST_SUITE_END()
