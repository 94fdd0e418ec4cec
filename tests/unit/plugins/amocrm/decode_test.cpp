#include "plugins/amocrm/decode.hpp"

#include "plugins/text/utf8.hpp"

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace hs1c::amocrm;

namespace {

constexpr std::string_view too_many_page =
    "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n"
    "<center><h1>429 Too Many Requests</h1></center>\r\n</body>\r\n</html>\r\n";

failure failed(unsigned status, std::string_view body)
{
    auto r = decode_answer(status, body);
    BOOST_TEST_REQUIRE(!r.has_value());
    return r.error;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decode_test)

BOOST_AUTO_TEST_CASE(success_bodies_parse_with_a_bom_and_spaces)
{
    const auto r = decode_answer(200, "\xEF\xBB\xBF  {\"id\":1,\"name\":\"Сделка «Ё»\"}\r\n");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r.value->at("id").as_int64() == 1);
    BOOST_TEST(r.value->at("name").as_string() == "Сделка «Ё»");
}

BOOST_AUTO_TEST_CASE(no_content_and_empty_success_are_null)
{
    BOOST_TEST(decode_answer(204, "").value->is_null());
    BOOST_TEST(decode_answer(200, "").value->is_null());
    BOOST_TEST(decode_answer(200, " \r\n").value->is_null());
}

BOOST_AUTO_TEST_CASE(a_success_that_is_not_json_is_unavailable)
{
    const auto html = failed(200, "<html><body>maintenance</body></html>");
    BOOST_TEST((html.kind == failure_kind::unavailable));
    BOOST_TEST(html.retryable);
    // Boost.JSON refuses invalid UTF-8 inside strings.
    const auto bad_utf8 = failed(200, "{\"name\":\"\xC3\x28\"}");
    BOOST_TEST((bad_utf8.kind == failure_kind::unavailable));
}

BOOST_AUTO_TEST_CASE(a_429_is_throttled_and_its_page_never_read)
{
    const auto html = failed(429, too_many_page);
    BOOST_TEST((html.kind == failure_kind::throttled));
    BOOST_TEST(html.retryable);
    BOOST_TEST(html.message == "429 Too Many Requests");
    // Even a JSON-looking body says nothing more.
    const auto json = failed(429, R"({"detail":"<script>alert(1)</script>"})");
    BOOST_TEST((json.kind == failure_kind::throttled));
    BOOST_TEST(json.message.find("script") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_403_without_a_json_object_is_a_ban)
{
    BOOST_TEST(is_block_page(403, "<html>403</html>"));
    BOOST_TEST(is_block_page(403, ""));
    BOOST_TEST(is_block_page(403, "Forbidden"));
    BOOST_TEST(is_block_page(403, "{broken"));
    BOOST_TEST(!is_block_page(403, R"({"title":"Forbidden","detail":"No rights"})"));
    BOOST_TEST(!is_block_page(404, "<html>404</html>"));
    BOOST_TEST(!is_block_page(429, "<html>429</html>"));
}

BOOST_AUTO_TEST_CASE(a_json_403_is_rejected_not_banned)
{
    const auto f = failed(403, R"({"title":"Forbidden","status":403,"detail":"Недостаточно прав"})");
    BOOST_TEST((f.kind == failure_kind::rejected));
    BOOST_TEST(!f.retryable);
    BOOST_TEST(f.message == "Недостаточно прав");
}

BOOST_AUTO_TEST_CASE(a_401_keeps_amocrm_detail)
{
    const auto f = failed(401, R"({"title":"Unauthorized","status":401,"detail":"Token has expired"})");
    BOOST_TEST((f.kind == failure_kind::unauthorized));
    BOOST_TEST(!f.retryable);
    BOOST_TEST(f.message == "Token has expired");
    BOOST_TEST(failed(401, "").message.empty());
}

BOOST_AUTO_TEST_CASE(statuses_map_to_kinds)
{
    BOOST_TEST((failed(404, R"({"title":"Not Found"})").kind == failure_kind::not_found));
    const auto server = failed(500, "<html>oops</html>");
    BOOST_TEST((server.kind == failure_kind::unavailable));
    BOOST_TEST(server.retryable);
    BOOST_TEST(server.message == "amoCRM answered 500");
    BOOST_TEST((failed(502, "").kind == failure_kind::unavailable));
    BOOST_TEST((failed(301, "").kind == failure_kind::unavailable));
    const auto payment = failed(402, R"({"title":"Payment Required","detail":"Account is not paid"})");
    BOOST_TEST((payment.kind == failure_kind::rejected));
    BOOST_TEST(payment.message == "Account is not paid");
    BOOST_TEST(failed(405, "").message == "amoCRM answered 405");
}

BOOST_AUTO_TEST_CASE(bad_requests_without_validation_errors)
{
    const auto plain = failed(400, "Bad Request");
    BOOST_TEST((plain.kind == failure_kind::rejected));
    BOOST_TEST(plain.code.empty());
    const auto problem = failed(400, R"({"title":"Bad Request","detail":"limit must be between 1 and 250"})");
    BOOST_TEST(problem.message == "limit must be between 1 and 250");
    BOOST_TEST(problem.code.empty());
}

BOOST_AUTO_TEST_CASE(the_first_validation_error_is_taken_and_others_are_not_unsorted)
{
    const auto f = failed(400, R"({"validation-errors":[{"request_id":"0","errors":[
        {"code":"InvalidType","path":"custom_fields_values.0.values.0.value",
         "detail":"This value should be of type string."},
        {"code":"NotSupportedChoice","path":"status_id","detail":"x"}]}],"status":400})");
    BOOST_TEST((f.kind == failure_kind::rejected));
    BOOST_TEST(f.code == "InvalidType");
    BOOST_TEST(f.path == "custom_fields_values.0.values.0.value");
    // NotSupportedChoice elsewhere is a configuration problem, not «Неразобранное».
    const auto pipeline =
        failed(400, R"({"validation-errors":[{"errors":[{"code":"NotSupportedChoice","path":"pipeline_id"}]}]})");
    BOOST_TEST((pipeline.kind == failure_kind::rejected));
    BOOST_TEST(pipeline.path == "pipeline_id");
    BOOST_TEST(pipeline.message.empty());
}

BOOST_AUTO_TEST_CASE(messages_are_cut_at_a_code_point_boundary)
{
    std::string detail;
    for (int i = 0; i < 1000; ++i) detail += "ё";
    const auto f = failed(400, R"({"detail":")" + detail + R"("})");
    BOOST_TEST(f.message.size() <= failure_message_bytes);
    BOOST_TEST(f.message.size() >= failure_message_bytes - 1);
    BOOST_TEST(hs1c::text::is_valid_utf8(f.message));
    BOOST_TEST(cut_utf8("абв", 3) == "а");
    BOOST_TEST(cut_utf8("абв", 4) == "аб");
    BOOST_TEST(cut_utf8("abc", 10) == "abc");
    BOOST_TEST(cut_utf8("", 0) == "");
}

BOOST_AUTO_TEST_CASE(trimming_bodies)
{
    BOOST_TEST(trim_body("\xEF\xBB\xBF \t{}\r\n") == "{}");
    BOOST_TEST(trim_body("   ") == "");
    BOOST_TEST(trim_body("") == "");
    // Only ASCII whitespace: an NBSP is content.
    BOOST_TEST(trim_body("\xC2\xA0{}") == "\xC2\xA0{}");
}

BOOST_AUTO_TEST_SUITE_END()
