#include "plugins/hyperscript/config_script.hpp"
#include "plugins/hyperscript/settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace hs1c::hyperscript;

namespace {

bool has(const std::vector<hs1c::config::problem>& ps, std::string_view path) {
    return std::any_of(ps.begin(), ps.end(), [&](const auto& p) { return p.path == path; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hyperscript_settings_test)

BOOST_AUTO_TEST_CASE(names_come_from_the_rules) {
    std::vector<hs1c::config::problem> ps;
    const auto s = read_settings(boost::json::parse(R"({"rpc_path":"/rpc","methods":{"add_field":"f.add"},
        "selectors":{"finish":".done"},"context_params":["lead_id","contact_id"],"search_debounce_ms":100,
        "field_label":"Товары","max_cart_lines":5})").as_object(), "/hyperscript", ps);
    BOOST_TEST(ps.empty());
    BOOST_TEST(s.rpc_path == "/rpc");
    BOOST_TEST(s.methods.add_field == "f.add");
    BOOST_TEST(s.methods.load == "scripts.load_without_external_scripts");
    BOOST_TEST(s.selectors.at("finish") == ".done");
    BOOST_TEST(s.selectors.at("field_type") == "#field_type");
    BOOST_TEST(s.context_params.size() == 2u);
    BOOST_TEST(s.search_debounce.count() == 100);
    BOOST_TEST(s.max_cart_lines == 5u);
}

BOOST_AUTO_TEST_CASE(mistakes_are_named) {
    std::vector<hs1c::config::problem> ps;
    read_settings(boost::json::parse(R"({"rpc_path":"ajax","methods":{"load":"","remove":"x"},
        "selectors":{"finish":"","unknown":"x"},"stored_type":"nomenclature","colour":1})").as_object(), "/hyperscript", ps);
    BOOST_TEST(has(ps, "/hyperscript/rpc_path"));
    BOOST_TEST(has(ps, "/hyperscript/methods/load"));
    BOOST_TEST(has(ps, "/hyperscript/methods/remove"));
    BOOST_TEST(has(ps, "/hyperscript/selectors/finish"));
    BOOST_TEST(has(ps, "/hyperscript/selectors/unknown"));
    BOOST_TEST(has(ps, "/hyperscript/stored_type"));
    BOOST_TEST(has(ps, "/hyperscript/colour"));
}

BOOST_AUTO_TEST_CASE(the_config_script_carries_every_name_the_page_needs) {
    settings s;
    s.selectors["finish"] = ".talk_is_over\"</script>";
    const auto js = config_script(s, "/_hs1c/api/v1", 3);
    BOOST_TEST(js.rfind("window.hs1cConfig = ", 0) == 0u);
    const auto json = boost::json::parse(js.substr(20, js.size() - 22));
    BOOST_TEST(json.at("api").as_string() == "/_hs1c/api/v1");
    BOOST_TEST(json.at("min_letters").as_int64() == 3);
    BOOST_TEST(json.at("field_type").at("value").as_string() == "nomenclature");
    BOOST_TEST(json.at("field_type").at("label").as_string() == "Номенклатура");
    BOOST_TEST(json.at("selectors").at("finish").as_string() == ".talk_is_over\"</script>");
    BOOST_TEST(json.at("context_params").as_array().size() == 1u);
    BOOST_TEST(json.at("cart_value_prefix").as_string() == "hs1c-cart:");
}

BOOST_AUTO_TEST_SUITE_END()
