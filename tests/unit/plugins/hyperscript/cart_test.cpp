#include "plugins/hyperscript/cart.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <set>

using namespace hs1c::hyperscript;

namespace {

std::optional<quantity_milli> q(std::string_view json) { return parse_quantity(boost::json::parse(json)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(cart_test)

BOOST_AUTO_TEST_CASE(quantities_accept_numbers_and_decimal_commas) {
    BOOST_TEST(*q("1") == 1000);
    BOOST_TEST(*q("2.5") == 2500);
    BOOST_TEST(*q("0.001") == 1);
    BOOST_TEST(*q("\"2,5\"") == 2500);
    BOOST_TEST(*q("\"2.125\"") == 2125);
    BOOST_TEST(*q("\",5\"") == 500);
    BOOST_TEST(*q("1000000") == max_quantity);
    BOOST_TEST(*q("\"1000000\"") == max_quantity);
}

BOOST_AUTO_TEST_CASE(quantities_refuse_zero_negatives_text_excess_and_fourth_decimals) {
    for (auto bad : {"0", "-1", "\"-1\"", "0.0001", "2.0001", "1234.5678", "2.0000001", "999999.9999", "1000000.001", "1e7", "\"abc\"", "\"\"", "\",\"",
                     "\"1,2,3\"", "\"1e3\"", "\" 1\"", "\"2,0001\"", "null", "true", "[1]", "{}", "\"NaN\"",
                     "\"99999999999999999999\"", "18446744073709551615", "-9223372036854775808"}) {
        BOOST_TEST(!q(bad).has_value(), bad);
    }
}

BOOST_AUTO_TEST_CASE(uuids_are_version_4_random_and_recognised) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto id = new_uuid();
        BOOST_TEST(is_uuid(id), id);
        BOOST_TEST(id[14] == '4');
        BOOST_TEST(std::string("89ab").find(id[19]) != std::string::npos);
        seen.insert(id);
    }
    BOOST_TEST(seen.size() == 1000u);
    BOOST_TEST(!is_uuid("6D3D574B-43A1-4485-A01F-274ABA29D621"));
    BOOST_TEST(!is_uuid("6d3d574b43a14485a01f274aba29d621"));
    BOOST_TEST(!is_uuid("../../etc/passwd"));
    BOOST_TEST(!is_uuid(""));
}

BOOST_AUTO_TEST_CASE(context_keeps_only_allowed_short_scalar_values) {
    const auto c = context_from(boost::json::parse(R"({"lead_id":31337,"utm":"x","deal":{"a":1},"phone":"+7"})"),
                                {"lead_id", "phone", "missing"});
    BOOST_TEST(boost::json::serialize(c) == R"({"lead_id":"31337","phone":"+7"})");
    const auto long_value = context_from(boost::json::value{{"lead_id", std::string(300, '1')}}, {"lead_id"});
    BOOST_TEST(long_value.empty());
    BOOST_TEST(context_from(boost::json::parse("[1]"), {"lead_id"}).empty());
}

BOOST_AUTO_TEST_CASE(page_ids_are_short_plain_strings_or_integers) {
    BOOST_TEST(*page_id(boost::json::parse("5120")) == "5120");
    BOOST_TEST(*page_id(boost::json::parse("\"7107\"")) == "7107");
    BOOST_TEST(*page_id(boost::json::parse("\"s-1_a\"")) == "s-1_a");
    for (auto bad : {"\"\"", "\"../x\"", "\"a b\"", "\"а\"", "1.5", "null", "[1]", "-1"}) BOOST_TEST(!page_id(boost::json::parse(bad)), bad);
    BOOST_TEST(!page_id(boost::json::value(std::string(65, 'a'))));
}

BOOST_AUTO_TEST_CASE(cart_json_has_the_documented_shape) {
    cart c{"id-1", "5120", "7107", {}, {}};
    c.lines.push_back({"l1", {"i1", "Кабель <b>", "00-1", "м"}, hs1c::onec::named{"p1", "Цвет"},
                       hs1c::onec::named{"v1", "Белый"}, 2500});
    c.lines.push_back({"l2", {"i2", "Клеммник", "", "шт"}, std::nullopt, std::nullopt, 3000});
    BOOST_TEST(boost::json::serialize(cart_json(c)) ==
               R"({"id":"id-1","script_id":"5120","field_id":"7107","lines":[)"
               R"({"id":"l1","item":{"id":"i1","name":"Кабель <b>","code":"00-1","unit":"м"},"parameter":{"id":"p1","name":"Цвет"},"value":{"id":"v1","name":"Белый"},"quantity":2.5E0},)"
               R"({"id":"l2","item":{"id":"i2","name":"Клеммник","code":"","unit":"шт"},"parameter":null,"value":null,"quantity":3}]})");
}

BOOST_AUTO_TEST_SUITE_END()
