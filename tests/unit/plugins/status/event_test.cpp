#include "plugins/status/event.hpp"
#include "plugins/status/settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace hs1c::status;

namespace {

const std::vector<std::string> types{"invoice", "payment"};

std::string problem_of(std::string_view body) {
    auto r = parse_event(body, types);
    if (auto* p = std::get_if<event_problem>(&r)) return p->code;
    return "ok";
}

boost::asio::ip::address ip(const char* s) { return boost::asio::ip::make_address(s); }

}  // namespace

BOOST_AUTO_TEST_SUITE(status_event_test)

BOOST_AUTO_TEST_CASE(events_are_read_tolerantly_and_checked) {
    auto r = parse_event("\xEF\xBB\xBF{\"id\":\"7b0c6a52-9a51-11ee-8c90-0242ac120002\",\"status\":\"payment\",\"at\":\"2026-12-03T12:00:00\"}", types);
    const auto* e = std::get_if<event>(&r);
    BOOST_TEST_REQUIRE(e != nullptr);
    BOOST_TEST(e->onec_id == "7b0c6a52-9a51-11ee-8c90-0242ac120002");
    BOOST_TEST(e->type == "payment");
    BOOST_TEST(e->at == "2026-12-03T12:00:00");
    BOOST_TEST(problem_of(R"({"id":"1","status":"invoice"})") == "ok");
    BOOST_TEST(problem_of(R"({"id":"1","status":"invoice","at":null})") == "ok");
    BOOST_TEST(problem_of("{") == "bad_json");
    BOOST_TEST(problem_of("[]") == "bad_json");
    BOOST_TEST(problem_of("Ошибка") == "bad_json");
    BOOST_TEST(problem_of(R"({"status":"invoice"})") == "bad_id");
    BOOST_TEST(problem_of(R"({"id":"","status":"invoice"})") == "bad_id");
    BOOST_TEST(problem_of(R"({"id":"00000000-0000-0000-0000-000000000000","status":"invoice"})") == "bad_id");
    BOOST_TEST(problem_of(R"({"id":"a\nb","status":"invoice"})") == "bad_id");
    BOOST_TEST(problem_of(R"({"id":12,"status":"invoice"})") == "bad_id");
    BOOST_TEST(problem_of(R"({"id":"1","status":"shipped"})") == "unknown_status");
    BOOST_TEST(problem_of(R"({"id":"1","status":"Payment"})") == "unknown_status");
    BOOST_TEST(problem_of(R"({"id":"1","status":"payment","at":5})") == "bad_at");
    for (auto at : {"yesterday", "2026-13-45T99:00:00", "2026-12-03", "2026-12-03T12:00", "2026-12-03T12:00:00+3",
                    "2026-12-03T12:00:00.", "2026-12-03T24:00:00"})
        BOOST_TEST(problem_of(std::string(R"({"id":"1","status":"payment","at":")") + at + "\"}") == "bad_at", at);
    for (auto at : {"2026-12-03T12:00:00", "2026-12-03T12:00:00Z", "2026-12-03T12:00:00.123+03:00", "2026-12-03 12:00:00"})
        BOOST_TEST(problem_of(std::string(R"({"id":"1","status":"payment","at":")") + at + "\"}") == "ok", at);
    auto unknown = parse_event(R"({"id":"1","status":"x"})", types);
    BOOST_TEST(std::get<event_problem>(unknown).message.find("invoice, payment") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_same_event_has_the_same_key) {
    BOOST_TEST(dedup_key({"1", "payment", "t"}) == dedup_key({"1", "payment", "t"}));
    BOOST_TEST(dedup_key({"1", "payment", "t"}) != dedup_key({"1", "invoice", "t"}));
    BOOST_TEST(dedup_key({"1", "payment", "t"}) != dedup_key({"1", "payment", "u"}));
}

BOOST_AUTO_TEST_CASE(signatures_are_checked_with_a_window) {
    const std::string body = R"({"id":"1","status":"payment"})";
    const auto sig = sign("secret", "1764763200", body);
    BOOST_TEST(sig.rfind("sha256=", 0) == 0u);
    // Independently computed: HMAC-SHA256("secret", "1764763200." + body).
    BOOST_TEST(sig == "sha256=9126ce2f1c8d17df2fda9d7a1823f6617bea6ae591fb04bbc2a122014b62b281");
    BOOST_TEST(signature_valid("secret", "1764763200", sig, body, std::chrono::seconds(300), 1764763200 + 299));
    BOOST_TEST(!signature_valid("secret", "1764763200", sig, body, std::chrono::seconds(300), 1764763200 + 301));
    BOOST_TEST(!signature_valid("secret", "1764763200", sig, body + " ", std::chrono::seconds(300), 1764763200));
    BOOST_TEST(!signature_valid("other", "1764763200", sig, body, std::chrono::seconds(300), 1764763200));
    BOOST_TEST(!signature_valid("secret", "1764763201", sig, body, std::chrono::seconds(300), 1764763200));
    BOOST_TEST(!signature_valid("secret", "", sig, body, std::chrono::seconds(300), 1764763200));
    BOOST_TEST(!signature_valid("secret", "17647632x0", sig, body, std::chrono::seconds(300), 1764763200));
}

BOOST_AUTO_TEST_CASE(source_lists_match_addresses_and_prefixes) {
    std::vector<source> list{*parse_source("10.0.0.0/8"), *parse_source("192.168.1.7"), *parse_source("fd00::/8")};
    BOOST_TEST(allowed(list, ip("10.1.2.3")));
    BOOST_TEST(allowed(list, ip("192.168.1.7")));
    BOOST_TEST(!allowed(list, ip("192.168.1.8")));
    BOOST_TEST(!allowed(list, ip("11.0.0.1")));
    BOOST_TEST(allowed(list, ip("fd12::1")));
    BOOST_TEST(allowed(list, ip("::ffff:10.9.9.9")));  // v4-mapped
    BOOST_TEST(!allowed(list, ip("::1")));
    BOOST_TEST(allowed({}, ip("8.8.8.8")));
    for (auto bad : {"", "10.0.0.0/33", "10.0.0.0/", "host.example", "::/129", "1.2.3.4/x"}) BOOST_TEST(!parse_source(bad), bad);
}

BOOST_AUTO_TEST_CASE(settings_are_read_and_checked) {
    std::vector<hs1c::config::problem> ps;
    const auto s = read_settings(boost::json::parse(R"({"events":["invoice","payment","shipped"],"never_backwards":false,
        "hmac_secret":"k","hmac_window_s":60,"allow_from":["127.0.0.1"],"find_deal_for_ms":1000,"poll_ms":50,
        "retry":{"base_ms":10,"cap_ms":20}})").as_object(), "/status", ps);
    BOOST_TEST(ps.empty());
    BOOST_TEST(s.events.size() == 3u);
    BOOST_TEST(!s.never_backwards);
    BOOST_TEST(s.hmac_window.count() == 60);
    BOOST_TEST(s.find_deal_for.count() == 1000);
    std::vector<hs1c::config::problem> bad;
    read_settings(boost::json::parse(R"({"events":[],"allow_from":["nope"],"hmac_window_s":1,"x":1})").as_object(), "/status", bad);
    auto has = [&](std::string_view p) { return std::any_of(bad.begin(), bad.end(), [&](auto& q) { return q.path == p; }); };
    BOOST_TEST(has("/status/events"));
    BOOST_TEST(has("/status/allow_from"));
    BOOST_TEST(has("/status/hmac_window_s"));
    BOOST_TEST(has("/status/x"));
}

BOOST_AUTO_TEST_SUITE_END()
