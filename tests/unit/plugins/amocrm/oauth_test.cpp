#include "plugins/amocrm/oauth.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace hs1c::amocrm;

namespace {

constexpr std::int64_t now = 1'764'758'400;
constexpr std::int64_t day = 86'400;

gateway_settings oauth_settings()
{
    gateway_settings s;
    s.client_id = "hs1c-demo";
    s.client_secret = "se\"cret";
    s.redirect_uri = "https://localhost:8443/_hs1c/amocrm/oauth/callback";
    return s;
}

token_pair pair_for(std::int64_t lifetime)
{
    return token_pair{"a", "r", now + lifetime, now};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(oauth_test)

BOOST_AUTO_TEST_CASE(refresh_request_body)
{
    const auto body = boost::json::parse(token_request_body(oauth_settings(), grant::refresh_token, "def502"));
    BOOST_TEST(body.at("grant_type").as_string() == "refresh_token");
    BOOST_TEST(body.at("refresh_token").as_string() == "def502");
    BOOST_TEST(body.at("client_id").as_string() == "hs1c-demo");
    BOOST_TEST(body.at("client_secret").as_string() == "se\"cret");
    BOOST_TEST(body.at("redirect_uri").as_string() == "https://localhost:8443/_hs1c/amocrm/oauth/callback");
    BOOST_TEST(!body.as_object().contains("code"));
}

BOOST_AUTO_TEST_CASE(code_request_body)
{
    const auto body = boost::json::parse(token_request_body(oauth_settings(), grant::authorization_code, "c0de"));
    BOOST_TEST(body.at("grant_type").as_string() == "authorization_code");
    BOOST_TEST(body.at("code").as_string() == "c0de");
    BOOST_TEST(!body.as_object().contains("refresh_token"));
}

BOOST_AUTO_TEST_CASE(a_token_answer_gives_the_pair)
{
    const auto r = read_token_answer(
        200, R"({"token_type":"Bearer","expires_in":86400,"access_token":"acc","refresh_token":"ref"})", now);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r.value->access == "acc");
    BOOST_TEST(r.value->refresh == "ref");
    BOOST_TEST(r.value->obtained_at == now);
    BOOST_TEST(r.value->expires_at == now + day);
}

BOOST_AUTO_TEST_CASE(broken_token_answers_are_unavailable_and_never_echo_tokens)
{
    for (const auto* body : {
             R"({"token_type":"Bearer","expires_in":86400,"access_token":"secret-acc"})",
             R"({"token_type":"Bearer","expires_in":0,"access_token":"secret-acc","refresh_token":"r"})",
             R"({"token_type":"Bearer","expires_in":"86400","access_token":"secret-acc","refresh_token":"r"})",
             R"({"token_type":"MAC","expires_in":86400,"access_token":"secret-acc","refresh_token":"r"})",
             R"({"token_type":"Bearer","expires_in":999999999999,"access_token":"secret-acc","refresh_token":"r"})",
             "<html>ok</html>", "", "[]"}) {
        const auto r = read_token_answer(200, body, now);
        BOOST_TEST_REQUIRE(!r.has_value(), body);
        BOOST_TEST((r.error.kind == failure_kind::unavailable));
        BOOST_TEST(r.error.message.find("secret-acc") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(refusals_of_the_token_endpoint)
{
    const auto code = read_token_answer(
        400,
        R"({"hint":"Authorization code has been revoked","title":"Некорректный запрос","status":400,
            "detail":"В запросе отсутствует ряд параметров"})",
        now);
    BOOST_TEST((code.error.kind == failure_kind::rejected));
    BOOST_TEST(!code.error.retryable);
    BOOST_TEST(code.error.message == "Authorization code has been revoked");

    const auto client = read_token_answer(401, R"({"hint":"Client authentication failed","status":401})", now);
    BOOST_TEST((client.error.kind == failure_kind::unauthorized));
    BOOST_TEST(client.error.message == "Client authentication failed");

    const auto no_hint = read_token_answer(401, R"({"title":"Unauthorized","detail":"Подробнее"})", now);
    BOOST_TEST(no_hint.error.message == "Подробнее");

    BOOST_TEST((read_token_answer(429, "<html>429</html>", now).error.kind == failure_kind::throttled));
    const auto down = read_token_answer(503, "", now);
    BOOST_TEST((down.error.kind == failure_kind::unavailable));
    BOOST_TEST(down.error.retryable);
    BOOST_TEST((read_token_answer(204, "", now).error.kind == failure_kind::unavailable));
}

BOOST_AUTO_TEST_CASE(a_day_long_pair_is_refreshed_five_minutes_ahead)
{
    const auto t = pair_for(day);
    BOOST_TEST(!needs_refresh(t, now));
    BOOST_TEST(!needs_refresh(t, now + day - 301));
    BOOST_TEST(needs_refresh(t, now + day - 300));
    BOOST_TEST(needs_refresh(t, now + day + 1));
    BOOST_TEST(usable(t, now + day - 1));
    BOOST_TEST(!usable(t, now + day));
}

BOOST_AUTO_TEST_CASE(a_short_pair_is_refreshed_at_half_its_life_not_on_every_call)
{
    const auto ten = pair_for(10);
    BOOST_TEST(!needs_refresh(ten, now + 4));
    BOOST_TEST(needs_refresh(ten, now + 5));
    const auto one = pair_for(1);
    BOOST_TEST(!needs_refresh(one, now));
    BOOST_TEST(needs_refresh(one, now + 1));
    // A broken pair (expiry before it was obtained) is refreshed at once.
    BOOST_TEST(needs_refresh(token_pair{"a", "r", now - 5, now}, now));
}

BOOST_AUTO_TEST_SUITE_END()
