#include "plugins/amocrm/route_answers.hpp"
#include "proxy/html/inject.hpp"

#include "plugins/amocrm/decode.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

using namespace hs1c::amocrm;

BOOST_AUTO_TEST_SUITE(route_answers_test)

BOOST_AUTO_TEST_CASE(a_lead_as_json)
{
    lead l{40003, "Сделка \"C\" <b>", 7001, 61002, {{880001, {"7b0c"}}, {880002, {"a", "б"}}}};
    BOOST_TEST(boost::json::serialize(lead_json(l)) ==
               R"({"id":40003,"name":"Сделка \"C\" <b>","pipeline_id":7001,"status_id":61002,)"
               R"("fields":{"880001":["7b0c"],"880002":["a","б"]}})");
    BOOST_TEST(boost::json::serialize(lead_json(lead{31337, "", 0, 0, {}})) ==
               R"({"id":31337,"name":"","pipeline_id":0,"status_id":0,"fields":{}})");
}

BOOST_AUTO_TEST_CASE(a_validation_failure_as_json)
{
    const auto f = decode_answer(400, R"({"validation-errors":[{"request_id":"0","errors":[{"code":"NotSupportedChoice",
        "path":"custom_fields_values.0.field_id","detail":"The value you selected is not a valid choice."}]}]})").error;
    const auto j = failure_json(f);
    const auto& e = j.at("error").as_object();
    BOOST_TEST(e.at("code").as_string() == "rejected");
    BOOST_TEST(e.at("amo_code").as_string() == "NotSupportedChoice");
    BOOST_TEST(e.at("amo_path").as_string() == "custom_fields_values.0.field_id");
    BOOST_TEST(e.at("retryable").as_bool() == false);
    BOOST_TEST(e.at("status").to_number<unsigned>() == 400U);
    BOOST_TEST(http_status_for(f) == 422U);
}

BOOST_AUTO_TEST_CASE(statuses_for_each_kind)
{
    const auto status = [](failure_kind k) { return http_status_for(failure{k, false, 0, {}, {}, {}}); };
    BOOST_TEST(status(failure_kind::not_found) == 404U);
    BOOST_TEST(status(failure_kind::rejected) == 422U);
    BOOST_TEST(status(failure_kind::unsorted) == 409U);
    BOOST_TEST(status(failure_kind::unauthorized) == 503U);
    BOOST_TEST(status(failure_kind::banned) == 503U);
    BOOST_TEST(status(failure_kind::throttled) == 503U);
    BOOST_TEST(status(failure_kind::unavailable) == 502U);
    const auto j = failure_json(failure{failure_kind::banned, true, 403, "blocked", {}, {}});
    BOOST_TEST(!j.at("error").as_object().contains("amo_code"));
    BOOST_TEST(j.at("error").at("code").as_string() == "banned");
}

BOOST_AUTO_TEST_CASE(the_callback_page_escapes_its_text)
{
    BOOST_TEST(hs1c::html::escape_attribute(R"(<script>alert("x")</script> & 'y')") ==
               "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
    const auto page = html_page("hs1c — amoCRM", "Готово <b>");
    BOOST_TEST(page.starts_with("<!doctype html>"));
    BOOST_TEST(page.find("<meta charset=\"utf-8\">") != std::string::npos);
    BOOST_TEST(page.find("<title>hs1c — amoCRM</title>") != std::string::npos);
    BOOST_TEST(page.find("<p>Готово &lt;b&gt;</p>") != std::string::npos);
    BOOST_TEST(page.find("<b>") == std::string::npos);
    BOOST_TEST(hs1c::html::escape_attribute("") == "");
}

BOOST_AUTO_TEST_SUITE_END()
