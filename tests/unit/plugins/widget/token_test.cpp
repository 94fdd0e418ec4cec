#include "plugins/widget/cors.hpp"
#include "plugins/widget/settings.hpp"
#include "plugins/widget/token.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace hs1c::widget;

namespace {

constexpr std::int64_t now = 1'764'763'200;
const token_rules rules{"hs1c-demo-secret", "https://localhost:8443", 29000001, std::chrono::seconds(60)};

boost::json::object good_claims() {
    return {{"iss", "https://hs1cdemo.amocrm.ru"}, {"aud", "https://localhost:8443"}, {"jti", "0123456789abcdef0123456789abcdef"},
            {"iat", now}, {"nbf", now}, {"exp", now + 1800}, {"account_id", 29000001}, {"user_id", 504141},
            {"subdomain", "hs1cdemo"}, {"client_uuid", "hs1c-demo"}, {"is_admin", true}};
}

std::string make(const boost::json::object& header, const boost::json::object& payload, std::string_view secret = "hs1c-demo-secret") {
    const auto input = base64url_encode(boost::json::serialize(header)) + "." + base64url_encode(boost::json::serialize(payload));
    return input + "." + hs256(secret, input);
}

const boost::json::object hs256_header{{"alg", "HS256"}, {"typ", "JWT"}};

std::string problem(std::string_view token) {
    auto r = verify_token(token, rules, now);
    return std::holds_alternative<claims>(r) ? "ok" : std::string(problem_name(std::get<token_problem>(r)));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(widget_token_test)

BOOST_AUTO_TEST_CASE(a_token_as_amocrm_signs_it_is_accepted) {
    auto r = verify_token(make(hs256_header, good_claims()), rules, now);
    const auto* c = std::get_if<claims>(&r);
    BOOST_TEST_REQUIRE(c != nullptr);
    BOOST_TEST(c->account_id == 29000001);
    BOOST_TEST(c->user_id == 504141);
    BOOST_TEST(c->subdomain == "hs1cdemo");
    auto aud_list = good_claims();
    aud_list["aud"] = boost::json::array{"https://other", "https://localhost:8443"};
    BOOST_TEST(problem(make(hs256_header, aud_list)) == "ok");
    // Within the skew on both ends.
    auto late = good_claims();
    late["exp"] = now - 59;
    BOOST_TEST(problem(make(hs256_header, late)) == "ok");
}

BOOST_AUTO_TEST_CASE(every_kind_of_bad_token_is_refused) {
    const auto good = make(hs256_header, good_claims());
    BOOST_TEST(problem("") == "missing");
    BOOST_TEST(problem(std::string(max_token_bytes + 1, 'a')) == "too_large");
    BOOST_TEST(problem("abc") == "malformed");
    BOOST_TEST(problem("a.b") == "malformed");
    BOOST_TEST(problem(good + ".x") == "malformed");
    BOOST_TEST(problem("!!!." + good.substr(good.find('.') + 1)) == "malformed");
    BOOST_TEST(problem(base64url_encode("not json") + "." + base64url_encode("{}") + ".sig") == "malformed");

    // alg none, with or without a signature, and every other algorithm.
    const auto payload = base64url_encode(boost::json::serialize(good_claims()));
    BOOST_TEST(problem(base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".") == "bad_algorithm");
    BOOST_TEST(problem(make({{"alg", "none"}}, good_claims())) == "bad_algorithm");
    BOOST_TEST(problem(make({{"alg", "HS512"}}, good_claims())) == "bad_algorithm");
    BOOST_TEST(problem(make({{"alg", "RS256"}}, good_claims())) == "bad_algorithm");
    BOOST_TEST(problem(make({{"alg", "hs256"}}, good_claims())) == "bad_algorithm");
    BOOST_TEST(problem(make({{"typ", "JWT"}}, good_claims())) == "bad_algorithm");

    BOOST_TEST(problem(make(hs256_header, good_claims(), "another-secret")) == "bad_signature");
    auto tampered = good;
    tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
    BOOST_TEST(problem(tampered) == "bad_signature");

    auto expired = good_claims();
    expired["exp"] = now - 61;
    BOOST_TEST(problem(make(hs256_header, expired)) == "expired");
    auto no_exp = good_claims();
    no_exp.erase("exp");
    BOOST_TEST(problem(make(hs256_header, no_exp)) == "expired");
    auto early = good_claims();
    early["nbf"] = now + 61;
    BOOST_TEST(problem(make(hs256_header, early)) == "not_yet_valid");
    auto other_aud = good_claims();
    other_aud["aud"] = "https://evil.example";
    BOOST_TEST(problem(make(hs256_header, other_aud)) == "wrong_audience");
    auto other_account = good_claims();
    other_account["account_id"] = 1;
    BOOST_TEST(problem(make(hs256_header, other_account)) == "wrong_account");
    auto account_as_text = good_claims();
    account_as_text["account_id"] = "29000001";
    BOOST_TEST(problem(make(hs256_header, account_as_text)) == "wrong_account");

    // No secret configured: nothing verifies.
    const token_rules empty{"", "https://localhost:8443", 29000001, std::chrono::seconds(60)};
    BOOST_TEST(std::holds_alternative<token_problem>(verify_token(good, empty, now)));
}

BOOST_AUTO_TEST_CASE(base64url_is_strict) {
    BOOST_TEST(*base64url_decode(base64url_encode("\xff\xfe hs1c")) == "\xff\xfe hs1c");
    BOOST_TEST(!base64url_decode("ab+c"));
    BOOST_TEST(!base64url_decode("ab/c"));
    BOOST_TEST(!base64url_decode("abc="));
    BOOST_TEST(!base64url_decode("a"));
    BOOST_TEST(!base64url_decode("ab"));  // leftover bits not zero: not canonical
    BOOST_TEST(base64url_decode("").has_value());
}

BOOST_AUTO_TEST_CASE(cors_grants_only_configured_origins) {
    const std::vector<std::string> allowed{"https://hs1cdemo.amocrm.ru"};
    BOOST_TEST(granted_origin("https://hs1cdemo.amocrm.ru", allowed) == "https://hs1cdemo.amocrm.ru");
    BOOST_TEST(granted_origin("https://evil.amocrm.ru", allowed).empty());
    BOOST_TEST(granted_origin("https://hs1cdemo.amocrm.ru.evil", allowed).empty());
    BOOST_TEST(granted_origin("null", allowed).empty());
    boost::beast::http::response<boost::beast::http::string_body> res;
    add_cors(res, "https://evil.example", allowed);
    BOOST_TEST(res.count(boost::beast::http::field::access_control_allow_origin) == 0u);
    BOOST_TEST(res[boost::beast::http::field::vary] == "Origin");
    add_cors(res, "https://hs1cdemo.amocrm.ru", allowed);
    add_preflight(res);
    BOOST_TEST(res[boost::beast::http::field::access_control_allow_origin] == "https://hs1cdemo.amocrm.ru");
    BOOST_TEST(res[boost::beast::http::field::access_control_allow_headers] == "X-Auth-Token");
}

BOOST_AUTO_TEST_CASE(settings_need_secret_audience_and_account) {
    std::vector<hs1c::config::problem> ps;
    const auto s = read_settings(boost::json::parse(R"({"client_secret":"x","audience":"https://scripts.company.ru",
        "account_id":29000001,"origins":["https://company.amocrm.ru"],"skew_s":30,"order_cache_ms":0})").as_object(), "/widget", ps);
    BOOST_TEST(ps.empty());
    BOOST_TEST(s.token.skew.count() == 30);
    std::vector<hs1c::config::problem> bad;
    read_settings(boost::json::parse(R"({"audience":"scripts.company.ru/x","origins":["https://a/b"]})").as_object(), "/widget", bad);
    auto has = [&](std::string_view p) { return std::any_of(bad.begin(), bad.end(), [&](auto& q) { return q.path == p; }); };
    BOOST_TEST(has("/widget/client_secret"));
    BOOST_TEST(has("/widget/audience"));
    BOOST_TEST(has("/widget/account_id"));
    BOOST_TEST(has("/widget/origins"));
    // Short or scheme-less values once threw out_of_range (a SIGHUP with them killed the proxy).
    for (auto odd : {R"({"client_secret":"x","audience":"","account_id":1,"origins":["*"]})",
                     R"({"client_secret":"x","audience":"h","account_id":1,"origins":["","x"]})",
                     R"({"client_secret":"x","account_id":1})"}) {
        std::vector<hs1c::config::problem> ps2;
        BOOST_CHECK_NO_THROW(read_settings(boost::json::parse(odd).as_object(), "/widget", ps2));
        BOOST_TEST(!ps2.empty(), odd);
    }
}

BOOST_AUTO_TEST_SUITE_END()
