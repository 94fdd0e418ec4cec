// The rules loader as a whole: the shipped rules files, JSON with comments, parse errors, defaults,
// and several problems reported together.
#include "proxy/config/loader.hpp"

#include "tests/unit/proxy/config/rules_fixture.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

using namespace hs1c::config;
using namespace hs1c::config::testing;

namespace {

const std::string rules_dir = HS1C_SOURCE_DIR "/rules";

std::string read_text(const std::string& path)
{
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loader_test)

BOOST_AUTO_TEST_CASE(demo_rules_load_without_problems)
{
    const auto text = read_text(rules_dir + "/demo.jsonc");
    BOOST_TEST_REQUIRE(!text.empty());
    const auto env = fixed_env({{"HS1C_ONEC_USER", "u"}, {"HS1C_ONEC_PASSWORD", "p"},
                                {"HS1C_ONEC_INBOUND_USER", "iu"}, {"HS1C_ONEC_INBOUND_PASSWORD", "ip"},
                                {"HS1C_AMOCRM_TOKEN", "t"}, {"HS1C_AMOCRM_CLIENT_SECRET", "s"}});
    const auto result = parse_rules(text, rules_dir, env, false);
    BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
    BOOST_TEST_REQUIRE(result.value.has_value());
    const rules& r = *result.value;

    BOOST_TEST_REQUIRE(r.public_listeners.size() == 2u);
    BOOST_TEST(r.public_listeners[0].name == "https");
    BOOST_TEST(r.public_listeners[0].host == "127.0.0.1");
    BOOST_TEST(r.public_listeners[0].port == 8443);
    BOOST_TEST_REQUIRE(r.public_listeners[0].tls.has_value());
    BOOST_TEST(r.public_listeners[0].tls->cert_file == HS1C_SOURCE_DIR "/certs/dev/localhost.crt");
    BOOST_TEST(r.public_listeners[0].tls->key_file == HS1C_SOURCE_DIR "/certs/dev/localhost.key");
    BOOST_TEST(r.public_listeners[1].name == "http");
    BOOST_TEST(r.public_listeners[1].port == 8080);
    BOOST_TEST(!r.public_listeners[1].tls.has_value());

    BOOST_TEST(r.admin_listener.listen.name == "admin");
    BOOST_TEST(r.admin_listener.listen.host == "127.0.0.1");
    BOOST_TEST(r.admin_listener.listen.port == 9901);

    BOOST_TEST(r.threads == 0u);
    BOOST_TEST((r.server_names == std::vector<std::string>{"localhost", "127.0.0.1"}));
    BOOST_TEST(r.limits.header_bytes == 16384u);
    BOOST_TEST(r.limits.max_connections == 10000u);
    BOOST_TEST(r.timeouts.header_read.count() == 10000);
    BOOST_TEST(r.timeouts.drain.count() == 10000);

    BOOST_TEST_REQUIRE(r.upstreams.size() == 3u);
    const auto* onec = r.find_upstream("onec");
    BOOST_TEST_REQUIRE(onec != nullptr);
    BOOST_TEST(onec->scheme == "http");
    BOOST_TEST(onec->host == "127.0.0.1");
    BOOST_TEST(onec->port == 18002);
    BOOST_TEST(onec->base_path == "/trade");
    BOOST_TEST(r.find_upstream("hyperscript")->port == 18001);
    BOOST_TEST(r.find_upstream("amocrm")->port == 18003);
    BOOST_TEST(r.find_upstream("missing") == nullptr);

    BOOST_TEST_REQUIRE(r.routes.size() == 1u);
    BOOST_TEST(r.routes[0].upstream == "hyperscript");
    BOOST_TEST(r.routes[0].inject_html);
    BOOST_TEST(r.store.path == HS1C_SOURCE_DIR "/var/hs1c-demo.db");
    BOOST_TEST(r.observe.log_level == "info");
    BOOST_TEST(r.sections.contains("upstreams"));
}

BOOST_AUTO_TEST_CASE(production_example_loads_with_its_environment)
{
    const auto text = read_text(rules_dir + "/production.example.jsonc");
    BOOST_TEST_REQUIRE(!text.empty());
    const auto env = fixed_env({{"HS1C_ONEC_PASSWORD", "s3cret"}, {"HS1C_ONEC_INBOUND_PASSWORD", "other"},
                                {"HS1C_AMOCRM_CLIENT_SECRET", "third"}});
    const auto result = parse_rules(text, rules_dir, env, false);
    BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
    const rules& r = *result.value;
    BOOST_TEST(r.public_listeners.at(0).host == "0.0.0.0");
    BOOST_TEST(r.public_listeners.at(0).port == 443);
    BOOST_TEST(r.public_listeners.at(0).tls->cert_file == "/etc/hs1c/tls/scripts.company.ru.crt");
    const auto* hyperscript = r.find_upstream("hyperscript");
    BOOST_TEST_REQUIRE(hyperscript != nullptr);
    BOOST_TEST(hyperscript->scheme == "https");
    BOOST_TEST(hyperscript->host == "hyper-script.ru");
    BOOST_TEST(hyperscript->port == 443);
    BOOST_TEST(hyperscript->base_path == "");
    BOOST_TEST(r.sections.at("onec").at("auth").at("password").as_string() == "s3cret");
    BOOST_TEST(r.sections.at("onec").at("auth").at("user").as_string() == "Интеграция");
}

BOOST_AUTO_TEST_CASE(production_example_names_its_missing_secrets)
{
    const auto result = parse_rules(read_text(rules_dir + "/production.example.jsonc"), rules_dir,
                                    fixed_env(), false);
    BOOST_TEST_REQUIRE(result.problems.size() == 4u, format_problems(result.problems));
    BOOST_TEST(result.problems[0].path == "/onec/auth/password");
    BOOST_TEST(result.problems[0].message == "environment variable HS1C_ONEC_PASSWORD is not set");
    BOOST_TEST(result.problems[1].path == "/onec/inbound/password");
    BOOST_TEST(result.problems[2].path == "/amocrm/auth/client_secret");
    BOOST_TEST(result.problems[3].path == "/widget/client_secret");
}

BOOST_AUTO_TEST_CASE(comments_and_trailing_commas_are_accepted)
{
    const std::string text = R"(// leading comment
    {
      /* block comment */
      "listeners": [ { "name": "http", "address": "127.0.0.1:0", }, ],  // trailing commas
      "upstreams": { "app": { "url": "http://127.0.0.1:1", }, },
      "routes": [ { "name": "app", "upstream": "app", }, ],
    })";
    const auto result = parse_rules(text, "/base", fixed_env());
    BOOST_TEST(result.problems.empty(), format_problems(result.problems));
    BOOST_TEST(result.value.has_value());
}

BOOST_AUTO_TEST_CASE(invalid_json_reports_line_and_column)
{
    const auto result = parse_rules("{\n  \"listeners\": [,]\n}", "/base", fixed_env());
    BOOST_TEST_REQUIRE(result.problems.size() == 1u);
    BOOST_TEST(result.problems[0].path == "");
    BOOST_TEST(result.problems[0].message.starts_with("not valid JSON at line 2, column 17: "),
               result.problems[0].message);
}

BOOST_AUTO_TEST_CASE(trailing_garbage_is_invalid_json)
{
    const auto result = parse_rules("{} {}", "/base", fixed_env());
    BOOST_TEST_REQUIRE(result.problems.size() == 1u);
    BOOST_TEST(result.problems[0].message.starts_with("not valid JSON at line 1, column 4: "),
               result.problems[0].message);
}

BOOST_AUTO_TEST_CASE(document_must_be_an_object)
{
    check_single_problem(parse_rules("[1, 2]", "/base", fixed_env()), "", "the rules must be a JSON object");
}

BOOST_AUTO_TEST_CASE(omitted_sections_keep_their_defaults)
{
    const auto result = load(minimal_rules());
    BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
    const rules& r = *result.value;
    const rules defaults;
    BOOST_TEST(r.threads == 0u);
    BOOST_TEST(r.limits.body_bytes == defaults.limits.body_bytes);
    BOOST_TEST(r.timeouts.idle.count() == defaults.timeouts.idle.count());
    BOOST_TEST(r.admin_listener.listen.host == "127.0.0.1");
    BOOST_TEST(r.admin_listener.listen.port == 9901);
    BOOST_TEST(r.store.path == defaults.store.path);
    BOOST_TEST(r.observe.access_log);
    BOOST_TEST(r.routes.at(0).path_prefix == "/");
    BOOST_TEST(!r.routes.at(0).body_bytes.has_value());
    const auto& app = r.upstreams.at(0);
    BOOST_TEST(app.pool_max_idle == 32u);
    BOOST_TEST(app.connect_timeout.count() == 5000);
    BOOST_TEST(app.verify_tls);
    BOOST_TEST(app.ca_file == "");
}

BOOST_AUTO_TEST_CASE(every_value_is_read)
{
    auto doc = minimal_rules();
    doc["server"] = boost::json::parse(R"({"threads": 4, "trust_request_id": true,
        "limits": {"header_bytes": 2048, "body_bytes": 10, "buffered_body_bytes": 4096,
                   "response_header_bytes": 8192, "html_rewrite_bytes": 100, "max_connections": 5},
        "timeouts_ms": {"header_read": 1, "idle": 2, "body_idle": 3, "drain": 4}})");
    doc["upstreams"] = boost::json::parse(R"({"app": {"url": "https://example.test:8443/base/",
        "pool": {"max_idle": 0, "idle_timeout_ms": 7}, "connect_timeout_ms": 8, "first_byte_timeout_ms": 9,
        "ca_file": "ca.pem", "verify_tls": false, "max_concurrent": 3}})");
    doc["routes"] = boost::json::parse(R"([{"name": "app", "upstream": "app", "methods": ["GET", "POST"],
        "path_prefix": "/api/", "inject_html": true, "body_bytes": 0}])");
    doc["injection"] = boost::json::parse(R"({"scripts": ["/a.js"], "styles": ["/a.css"]})");
    doc["store"] = boost::json::parse(R"({"path": "data/x.db"})");
    doc["log"] = boost::json::parse(R"({"level": "debug", "access": false})");
    const auto result = parse_rules(boost::json::serialize(doc), "/base", fixed_env(), false);
    BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
    const rules& r = *result.value;
    BOOST_TEST(r.threads == 4u);
    BOOST_TEST(r.trust_request_id);
    BOOST_TEST(r.limits.header_bytes == 2048u);
    BOOST_TEST(r.limits.body_bytes == 10u);
    BOOST_TEST(r.limits.buffered_body_bytes == 4096u);
    BOOST_TEST(r.limits.response_header_bytes == 8192u);
    BOOST_TEST(r.limits.html_rewrite_bytes == 100u);
    BOOST_TEST(r.limits.max_connections == 5u);
    BOOST_TEST(r.timeouts.header_read.count() == 1);
    BOOST_TEST(r.timeouts.idle.count() == 2);
    BOOST_TEST(r.timeouts.body_idle.count() == 3);
    BOOST_TEST(r.timeouts.drain.count() == 4);
    const auto& app = r.upstreams.at(0);
    BOOST_TEST(app.url == "https://example.test:8443/base/");
    BOOST_TEST(app.port == 8443);
    BOOST_TEST(app.base_path == "/base");
    BOOST_TEST(app.pool_max_idle == 0u);
    BOOST_TEST(app.pool_idle_timeout.count() == 7);
    BOOST_TEST(app.connect_timeout.count() == 8);
    BOOST_TEST(app.first_byte_timeout.count() == 9);
    BOOST_TEST(app.ca_file == "/base/ca.pem");
    BOOST_TEST(!app.verify_tls);
    BOOST_TEST(app.max_concurrent == 3u);
    const auto& route = r.routes.at(0);
    BOOST_TEST((route.methods == std::vector<std::string>{"GET", "POST"}));
    BOOST_TEST(route.path_prefix == "/api/");
    BOOST_TEST(route.inject_html);
    BOOST_TEST_REQUIRE(route.body_bytes.has_value());
    BOOST_TEST(*route.body_bytes == 0u);
    BOOST_TEST((r.injection.scripts == std::vector<std::string>{"/a.js"}));
    BOOST_TEST((r.injection.styles == std::vector<std::string>{"/a.css"}));
    BOOST_TEST(r.store.path == "/base/data/x.db");
    BOOST_TEST(r.observe.log_level == "debug");
    BOOST_TEST(!r.observe.access_log);
}

BOOST_AUTO_TEST_CASE(plugin_sections_are_kept_unchecked)
{
    auto doc = minimal_rules();
    doc["onec"] = boost::json::parse(R"({"profile": "hs", "anything": [1, 2]})");
    const auto result = load(doc);
    BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
    BOOST_TEST(result.value->sections.at("onec").at("profile").as_string() == "hs");
}

BOOST_AUTO_TEST_CASE(several_problems_are_all_reported_in_document_order)
{
    auto doc = minimal_rules();
    doc["server"] = boost::json::parse(R"({"threads": -1, "limitz": {}})");
    doc["listeners"].as_array()[0].as_object()["address"] = "localhost:80";
    doc["upstreams"].as_object()["app"].as_object()["url"] = "ftp://x";
    doc["routes"].as_array()[0].as_object()["upstream"] = "nope";
    doc["log"] = boost::json::parse(R"({"level": "loud"})");
    const auto result = load(doc);
    BOOST_TEST(!result.value.has_value());
    BOOST_TEST(format_problems(result.problems) ==
               "/server/threads: must be between 0 and 1024\n"
               "/server/limitz: unknown key; check its spelling against rules/schema.json\n"
               "/listeners/0/address: the host must be a literal IP address, not a name\n"
               "/upstreams/app/url: the scheme must be http or https\n"
               "/routes/0/upstream: unknown upstream \"nope\"\n"
               "/log/level: must be one of debug, info, warn, error\n");
}

BOOST_AUTO_TEST_CASE(format_problems_names_the_whole_document)
{
    BOOST_TEST(format_problems({{"", "broken"}, {"/a~1b", "bad"}}) == "(document): broken\n/a~1b: bad\n");
}

BOOST_AUTO_TEST_CASE(load_rules_file_resolves_paths_against_its_folder)
{
    const auto dir = std::filesystem::temp_directory_path() /
                     ("hs1c-loader-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto doc = minimal_rules();
    doc["store"] = boost::json::parse(R"({"path": "db/x.db"})");
    {
        std::ofstream out(dir / "rules.jsonc");
        out << "// test\n" << boost::json::serialize(doc);
    }
    const auto result = load_rules_file((dir / "rules.jsonc").string(), fixed_env());
    BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
    BOOST_TEST(result.value->store.path == (dir / "db/x.db").string());
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(load_rules_file_reports_a_missing_file)
{
    check_single_problem(load_rules_file("/nonexistent/hs1c/rules.jsonc", fixed_env()), "",
                         "cannot read the rules file /nonexistent/hs1c/rules.jsonc");
}

BOOST_AUTO_TEST_SUITE_END()
