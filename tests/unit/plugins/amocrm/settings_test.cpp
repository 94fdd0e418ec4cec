#include "plugins/amocrm/settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace hs1c::amocrm;

namespace {

constexpr std::string_view secret = "s3cr3t-value";

struct read_result {
    gateway_settings settings;
    std::vector<hs1c::config::problem> problems;

    bool has(std::string_view path, std::string_view text = {}) const
    {
        return std::any_of(problems.begin(), problems.end(), [&](const auto& p) {
            return p.path == path && p.message.find(text) != std::string::npos;
        });
    }
    bool leaks_secret() const
    {
        return std::any_of(problems.begin(), problems.end(),
                           [](const auto& p) { return p.message.find(secret) != std::string::npos; });
    }
};

read_result read(std::string_view json)
{
    read_result r;
    r.settings = read_settings(boost::json::parse(json).as_object(), "/amocrm", r.problems);
    return r;
}

constexpr std::string_view oauth_auth =
    R"("auth":{"mode":"oauth","client_id":"hs1c-demo","client_secret":"s3cr3t-value",
               "redirect_uri":"https://localhost:8443/_hs1c/amocrm/oauth/callback"})";

std::string with_auth(std::string_view rest = {})
{
    std::string json = "{" + std::string(oauth_auth);
    if (!rest.empty()) json += "," + std::string(rest);
    return json + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings_test)

BOOST_AUTO_TEST_CASE(the_brief_example_is_read_whole)
{
    const auto r = read(with_auth(R"("upstream":"amo","onec_id_field":"Идентификатор 1С",
        "stages":{"payment":{"pipeline":"Продажи","status":"Оплачено"},
                  "invoice":{"pipeline":"Продажи","status":"Счёт выставлен"}},
        "rps":5,"timeout_ms":9000,"retry":{"attempts":4,"base_ms":100,"cap_ms":2000})"));
    BOOST_TEST(r.problems.empty());
    const auto& s = r.settings;
    BOOST_TEST(s.upstream == "amo");
    BOOST_TEST((s.mode == auth_mode::oauth));
    BOOST_TEST(s.client_id == "hs1c-demo");
    BOOST_TEST(s.client_secret == secret);
    BOOST_TEST(s.redirect_uri == "https://localhost:8443/_hs1c/amocrm/oauth/callback");
    BOOST_TEST(s.onec_id_field == "Идентификатор 1С");
    BOOST_TEST(s.stages.size() == 2U);
    BOOST_TEST(s.stages.at("invoice").status == "Счёт выставлен");
    BOOST_TEST(s.rps == 5U);
    BOOST_TEST(s.timeout.count() == 9000);
    BOOST_TEST(s.retry.attempts == 4U);
    BOOST_TEST(s.retry.base.count() == 100);
    BOOST_TEST(s.retry.cap.count() == 2000);
}

BOOST_AUTO_TEST_CASE(defaults)
{
    const auto r = read(with_auth());
    BOOST_TEST(r.problems.empty());
    BOOST_TEST(r.settings.upstream == "amocrm");
    BOOST_TEST(r.settings.rps == 6U);
    BOOST_TEST(r.settings.timeout.count() == 15000);
    BOOST_TEST(r.settings.retry.attempts == 3U);
    BOOST_TEST(r.settings.retry.base.count() == 500);
    BOOST_TEST(r.settings.retry.cap.count() == 8000);
    BOOST_TEST(r.settings.onec_id_field.empty());
    BOOST_TEST(r.settings.stages.empty());
}

BOOST_AUTO_TEST_CASE(long_lived_mode_needs_only_its_token)
{
    const auto r = read(R"({"auth":{"mode":"long_lived","long_lived_token":"s3cr3t-value"}})");
    BOOST_TEST(r.problems.empty());
    BOOST_TEST((r.settings.mode == auth_mode::long_lived));
    BOOST_TEST(r.settings.long_lived_token == secret);
    const auto missing = read(R"({"auth":{"mode":"long_lived","client_secret":"s3cr3t-value"}})");
    BOOST_TEST(missing.has("/amocrm/auth/long_lived_token", "is required"));
    const auto empty = read(R"({"auth":{"mode":"long_lived","long_lived_token":""}})");
    BOOST_TEST(empty.has("/amocrm/auth/long_lived_token", "must not be empty"));
}

BOOST_AUTO_TEST_CASE(oauth_mode_needs_its_three_keys)
{
    const auto r = read(R"({"auth":{"client_secret":"s3cr3t-value"}})");
    BOOST_TEST(r.has("/amocrm/auth/client_id", "is required"));
    BOOST_TEST(r.has("/amocrm/auth/redirect_uri", "is required"));
    BOOST_TEST(!r.has("/amocrm/auth/client_secret"));
    BOOST_TEST(r.problems.size() == 2U);
    const auto url = read(R"({"auth":{"client_id":"a","client_secret":"s3cr3t-value","redirect_uri":"localhost/cb"}})");
    BOOST_TEST(url.has("/amocrm/auth/redirect_uri", "http"));
    BOOST_TEST(!url.leaks_secret());
}

BOOST_AUTO_TEST_CASE(auth_is_required_and_its_mode_checked)
{
    BOOST_TEST(read("{}").has("/amocrm/auth", "is required"));
    BOOST_TEST(read(R"({"auth":"oauth"})").has("/amocrm/auth", "must be an object"));
    const auto mode = read(R"({"auth":{"mode":"OAuth2","long_lived_token":"s3cr3t-value"}})");
    BOOST_TEST(mode.has("/amocrm/auth/mode", "must be \"oauth\" or \"long_lived\""));
    BOOST_TEST(!mode.leaks_secret());
}

BOOST_AUTO_TEST_CASE(secrets_of_the_wrong_type_are_reported_without_their_value)
{
    const auto r = read(R"({"auth":{"client_id":"a","client_secret":["s3cr3t-value"],"redirect_uri":"https://x/cb"}})");
    BOOST_TEST(r.has("/amocrm/auth/client_secret", "must be a string"));
    BOOST_TEST(!r.leaks_secret());
}

BOOST_AUTO_TEST_CASE(rps_must_stay_below_amocrm_limit)
{
    const auto seven = read(with_auth(R"("rps":7)"));
    BOOST_TEST(seven.has("/amocrm/rps", "between 1 and 6"));
    BOOST_TEST(seven.has("/amocrm/rps", "amoCRM allows 7"));
    BOOST_TEST(seven.settings.rps == 6U);
    BOOST_TEST(read(with_auth(R"("rps":0)")).has("/amocrm/rps"));
    BOOST_TEST(read(with_auth(R"("rps":-1)")).has("/amocrm/rps"));
    BOOST_TEST(read(with_auth(R"("rps":"6")")).has("/amocrm/rps", "whole number"));
    BOOST_TEST(read(with_auth(R"("rps":1)")).settings.rps == 1U);
}

BOOST_AUTO_TEST_CASE(stage_mistakes_have_their_paths)
{
    const auto r = read(with_auth(R"("stages":{"payment":{"pipeline":"Продажи"},
        "invoice":{"pipeline":"Продажи","status":"   ","colour":"red"},
        "":{"pipeline":"a","status":"b"},"won":"Успешно"})"));
    BOOST_TEST(r.has("/amocrm/stages/payment/status", "is required"));
    BOOST_TEST(r.has("/amocrm/stages/invoice/status", "non-empty"));
    BOOST_TEST(r.has("/amocrm/stages/invoice/colour", "unknown key"));
    BOOST_TEST(r.has("/amocrm/stages/", "must not be empty"));
    BOOST_TEST(r.has("/amocrm/stages/won", "must be an object"));
    BOOST_TEST(r.settings.stages.empty());
}

BOOST_AUTO_TEST_CASE(field_names_must_be_real_text)
{
    BOOST_TEST(read(with_auth(R"("onec_id_field":"\u00a0 ")")).has("/amocrm/onec_id_field", "non-empty"));
    BOOST_TEST(read(with_auth(R"("onec_id_field":"")")).has("/amocrm/onec_id_field"));
    BOOST_TEST(read(with_auth(R"("onec_id_field":42)")).has("/amocrm/onec_id_field", "must be a string"));
    BOOST_TEST(read(with_auth(R"("onec_id_field":"ИДЕНТИФИКАТОР 1С")")).settings.onec_id_field == "ИДЕНТИФИКАТОР 1С");
}

BOOST_AUTO_TEST_CASE(retry_and_timeout_ranges)
{
    const auto r = read(with_auth(R"("timeout_ms":5,"retry":{"attempts":0,"base_ms":900,"cap_ms":100,"jitter":true})"));
    BOOST_TEST(r.has("/amocrm/timeout_ms", "between"));
    BOOST_TEST(r.has("/amocrm/retry/attempts", "between 1 and 10"));
    BOOST_TEST(r.has("/amocrm/retry/cap_ms", "not be less than base_ms"));
    BOOST_TEST(r.has("/amocrm/retry/jitter", "unknown key"));
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_an_empty_upstream)
{
    const auto r = read(with_auth(R"("upstream":"","rsp":5)"));
    BOOST_TEST(r.has("/amocrm/upstream", "must name an upstream"));
    BOOST_TEST(r.has("/amocrm/rsp", "unknown key"));
    const auto auth = read(R"({"auth":{"mode":"long_lived","long_lived_token":"t","scope":"x"}})");
    BOOST_TEST(auth.has("/amocrm/auth/scope", "unknown key"));
}

BOOST_AUTO_TEST_SUITE_END()
