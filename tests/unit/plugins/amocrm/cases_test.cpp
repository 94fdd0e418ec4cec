// The amoCRM answers of tests/fixtures/cases/amocrm, each asserting the behaviour the cases table
// asks for.
#include "plugins/amocrm/decode.hpp"
#include "plugins/amocrm/leads.hpp"
#include "plugins/amocrm/oauth.hpp"

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace hs1c::amocrm;

namespace {

constexpr std::string_view onec_id = "7b0c6a52-9a51-11ee-8c90-0242ac120002";
constexpr std::int64_t onec_id_field = 880001;
constexpr std::int64_t now = 1'764'758'400;

std::string fixture(std::string_view name)
{
    const auto path = std::filesystem::path(HS1C_SOURCE_DIR "/tests/fixtures/cases/amocrm") / name;
    std::ifstream in(path, std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cases_test)

BOOST_AUTO_TEST_CASE(lead_fields_null_reads_as_no_fields)
{
    const auto answer = decode_answer(200, fixture("lead-fields-null.json"));
    BOOST_TEST_REQUIRE(answer.has_value());
    const auto l = read_lead(*answer.value);
    BOOST_TEST_REQUIRE(l.has_value());
    BOOST_TEST(l.value->id == 31337);
    BOOST_TEST(l.value->name == "Сделка №31337");
    BOOST_TEST(l.value->pipeline_id == 7001);
    BOOST_TEST(l.value->status_id == 61001);
    BOOST_TEST(l.value->fields.empty());
    BOOST_TEST(exact_matches({*l.value}, onec_id_field, onec_id).empty());
}

BOOST_AUTO_TEST_CASE(leads_query_partial_matches_keeps_only_40003)
{
    const auto answer = decode_answer(200, fixture("leads-query-partial-matches.json"));
    BOOST_TEST_REQUIRE(answer.has_value());
    const auto page = read_leads_page(*answer.value);
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(page.value->leads.size() == 3U);
    BOOST_TEST(!page.value->more);
    const auto chosen = exact_matches(page.value->leads, onec_id_field, onec_id);
    BOOST_TEST_REQUIRE(chosen.size() == 1U);
    BOOST_TEST(chosen[0].id == 40003);
    BOOST_TEST(chosen[0].status_id == 61002);
    // The other two hold the id only as a part of a value, or in another field.
    BOOST_TEST(page.value->leads[0].fields.at(onec_id_field).at(0) == std::string(onec_id) + "-old");
    BOOST_TEST(page.value->leads[1].fields.count(onec_id_field) == 0U);
}

BOOST_AUTO_TEST_CASE(oauth_refresh_revoked_needs_authorisation_without_retry)
{
    const auto body = fixture("oauth-refresh-revoked.json");
    const auto r = read_token_answer(401, body, now);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error.kind == failure_kind::unauthorized));
    BOOST_TEST(!r.error.retryable);
    BOOST_TEST(r.error.status == 401U);
    BOOST_TEST(r.error.message == "Token has been revoked");
}

BOOST_AUTO_TEST_CASE(blocked_403_is_a_ban_and_never_json)
{
    const auto body = fixture("blocked-403.html");
    BOOST_TEST(is_block_page(403, body));
    const auto r = decode_answer(403, body);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error.kind == failure_kind::banned));
    BOOST_TEST(r.error.retryable);
    BOOST_TEST(r.error.message.find('<') == std::string::npos);
    BOOST_TEST(problem_text(body).empty());
    // The token endpoint of a blocked account answers the same page.
    const auto token = read_token_answer(403, body, now);
    BOOST_TEST_REQUIRE(!token.has_value());
    BOOST_TEST((token.error.kind == failure_kind::banned));
}

BOOST_AUTO_TEST_CASE(validation_400_is_a_configuration_error_with_code_and_path)
{
    const auto r = decode_answer(400, fixture("validation-400.json"));
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error.kind == failure_kind::rejected));
    BOOST_TEST(!r.error.retryable);
    BOOST_TEST(r.error.status == 400U);
    BOOST_TEST(r.error.code == "NotSupportedChoice");
    BOOST_TEST(r.error.path == "custom_fields_values.0.field_id");
    BOOST_TEST(r.error.message == "The value you selected is not a valid choice.");
}

BOOST_AUTO_TEST_CASE(unsorted_400_is_reported_as_unsorted)
{
    const auto r = decode_answer(400, fixture("unsorted-400.json"));
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error.kind == failure_kind::unsorted));
    BOOST_TEST(!r.error.retryable);
    BOOST_TEST(r.error.code == "NotSupportedChoice");
    BOOST_TEST(r.error.path == "status_id");
}

BOOST_AUTO_TEST_CASE(query_without_match_is_204_and_an_empty_list)
{
    const auto r = decode_answer(204, "");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r.value->is_null());
    const auto page = read_leads_page(*r.value);
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(page.value->leads.empty());
    BOOST_TEST(!page.value->more);
}

BOOST_AUTO_TEST_SUITE_END()
