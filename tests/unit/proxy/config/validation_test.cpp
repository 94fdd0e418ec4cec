// Each kind of mistake in the rules, reported at its exact JSON path with its exact message.
#include "proxy/config/loader.hpp"

#include "tests/unit/proxy/config/rules_fixture.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace hs1c::config;
using namespace hs1c::config::testing;

namespace {

boost::json::object& first_listener(boost::json::object& doc)
{
    return doc["listeners"].as_array()[0].as_object();
}

boost::json::object& app_upstream(boost::json::object& doc)
{
    return doc["upstreams"].as_object()["app"].as_object();
}

boost::json::object& first_route(boost::json::object& doc) { return doc["routes"].as_array()[0].as_object(); }

// A temporary folder with one readable file, removed at the end of the test.
struct temp_files {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("hs1c-validation-test-" + std::to_string(::getpid()));
    temp_files()
    {
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "present.pem") << "pem";
    }
    ~temp_files() { std::filesystem::remove_all(dir); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(validation_test)

BOOST_AUTO_TEST_CASE(missing_required_sections)
{
    auto doc = minimal_rules();
    doc.erase("listeners");
    doc.erase("routes");
    const auto result = load(doc);
    BOOST_TEST_REQUIRE(result.problems.size() == 2u, format_problems(result.problems));
    BOOST_TEST(result.problems[0].path == "/listeners");
    BOOST_TEST(result.problems[0].message == "is required");
    BOOST_TEST(result.problems[1].path == "/routes");
    BOOST_TEST(result.problems[1].message == "is required");

    doc = minimal_rules();
    doc.erase("upstreams");
    const auto without_upstreams = load(doc);
    BOOST_TEST_REQUIRE(without_upstreams.problems.size() == 2u, format_problems(without_upstreams.problems));
    BOOST_TEST(without_upstreams.problems[0].path == "/upstreams");
    BOOST_TEST(without_upstreams.problems[1].path == "/routes/0/upstream");
    BOOST_TEST(without_upstreams.problems[1].message == "unknown upstream \"app\"");
}

BOOST_AUTO_TEST_CASE(missing_required_keys)
{
    auto doc = minimal_rules();
    first_listener(doc).erase("address");
    check_single_problem(load(doc), "/listeners/0/address", "is required");

    doc = minimal_rules();
    app_upstream(doc).erase("url");
    check_single_problem(load(doc), "/upstreams/app/url", "is required");

    doc = minimal_rules();
    first_route(doc).erase("name");
    check_single_problem(load(doc), "/routes/0/name", "is required");

    doc = minimal_rules();
    first_listener(doc)["tls"] = boost::json::object{{"cert", "/x.crt"}};
    const auto result = parse_rules(boost::json::serialize(doc), "/base", fixed_env(), false);
    check_single_problem(result, "/listeners/0/tls/key", "is required");
}

BOOST_AUTO_TEST_CASE(wrong_types)
{
    auto doc = minimal_rules();
    doc["server"] = boost::json::parse(R"({"threads": "4", "trust_request_id": 1,
        "server_names": ["a", 2], "limits": [], "timeouts_ms": {"idle": 1.5}})");
    doc["listeners"] = boost::json::object{};
    const auto result = load(doc);
    BOOST_TEST(format_problems(result.problems) ==
               "/server/threads: must be a whole number\n"
               "/server/server_names/1: must be a string\n"
               "/server/trust_request_id: must be true or false\n"
               "/server/limits: must be an object\n"
               "/server/timeouts_ms/idle: must be a whole number\n"
               "/listeners: must be an array\n");
}

BOOST_AUTO_TEST_CASE(out_of_range_numbers)
{
    auto doc = minimal_rules();
    doc["server"] = boost::json::parse(R"({"limits": {"header_bytes": 100, "max_connections": 0},
                                           "timeouts_ms": {"drain": 0}})");
    app_upstream(doc)["connect_timeout_ms"] = 86400001;
    first_route(doc)["body_bytes"] = -5;
    const auto result = load(doc);
    BOOST_TEST(format_problems(result.problems) ==
               "/server/limits/header_bytes: must be between 1024 and 1048576\n"
               "/server/limits/max_connections: must be between 1 and 1000000\n"
               "/server/timeouts_ms/drain: must be between 1 and 86400000\n"
               "/upstreams/app/connect_timeout_ms: must be between 1 and 86400000\n"
               "/routes/0/body_bytes: must be between 0 and 1099511627776\n");
}

BOOST_AUTO_TEST_CASE(unknown_keys_in_core_sections)
{
    auto doc = minimal_rules();
    first_listener(doc)["adress"] = "127.0.0.1:1";
    app_upstream(doc)["pool"] = boost::json::object{{"max_idel", 1}};
    first_route(doc)["inject"] = true;
    doc["log"] = boost::json::object{{"acces", true}};
    const auto result = load(doc);
    const std::string why = ": unknown key; check its spelling against rules/schema.json\n";
    BOOST_TEST(format_problems(result.problems) ==
               "/listeners/0/adress" + why + "/upstreams/app/pool/max_idel" + why + "/routes/0/inject" + why +
                   "/log/acces" + why);
}

BOOST_AUTO_TEST_CASE(bad_listener_addresses)
{
    const std::pair<const char*, const char*> cases[] = {
        {"127.0.0.1", "expected \"IP:port\" or \"[IPv6]:port\""},
        {"localhost:8080", "the host must be a literal IP address, not a name"},
        {"::1:8080", "IPv6 addresses must be written in brackets: \"[::1]:port\""},
        {"[::1:8080", "missing \"]\" after the IPv6 address"},
        {"[::1]8080", "expected \"[IPv6]:port\""},
        {"[127.0.0.1]:80", "not a literal IPv6 address inside the brackets"},
        {"127.0.0.1:65536", "the port must be a number from 0 to 65535"},
        {"127.0.0.1:", "the port must be a number from 0 to 65535"},
        {"256.0.0.1:80", "the host must be a literal IP address, not a name"},
    };
    for (const auto& [address, message] : cases) {
        BOOST_TEST_CONTEXT(address)
        {
            auto doc = minimal_rules();
            first_listener(doc)["address"] = address;
            check_single_problem(load(doc), "/listeners/0/address", message);
        }
    }
}

BOOST_AUTO_TEST_CASE(ipv6_listener)
{
    auto doc = minimal_rules();
    first_listener(doc)["address"] = "[::1]:8443";
    doc["admin"] = boost::json::object{{"address", "[::]:9901"}};
    const auto result = load(doc);
    BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
    BOOST_TEST(result.value->public_listeners.at(0).host == "::1");
    BOOST_TEST(result.value->public_listeners.at(0).port == 8443);
    BOOST_TEST(result.value->admin_listener.listen.host == "::");
}

BOOST_AUTO_TEST_CASE(bad_upstream_urls)
{
    const std::pair<const char*, const char*> cases[] = {
        {"ftp://example.test", "the scheme must be http or https"},
        {"example.test", "must be an absolute http:// or https:// URL"},
        {"http://example.test/a?b=1", "must not contain a query (\"?\")"},
        {"http://example.test/#top", "must not contain a fragment (\"#\")"},
        {"https://user:secret@example.test",
         "must not contain user information; credentials belong in the plugin's section"},
        {"http://", "the host is missing"},
        {"http://:80", "the host is missing"},
        {"http://exa mple.test", "the host has characters a host name cannot have"},
        {"http://example.test:0", "the port must be a number from 1 to 65535"},
        {"http://example.test:http", "the port must be a number from 1 to 65535"},
        {"http://[::1", "missing \"]\" after the IPv6 address"},
        {"http://[zz]:80", "not a literal IPv6 address inside the brackets"},
        {"http://example.test/a b", "the path has spaces or characters that must be percent-encoded"},
    };
    for (const auto& [url, message] : cases) {
        BOOST_TEST_CONTEXT(url)
        {
            auto doc = minimal_rules();
            app_upstream(doc)["url"] = url;
            check_single_problem(load(doc), "/upstreams/app/url", message);
        }
    }
}

BOOST_AUTO_TEST_CASE(upstream_url_problems_never_echo_the_url)
{
    auto doc = minimal_rules();
    app_upstream(doc)["url"] = "https://user:hunter2@example.test";
    const auto result = load(doc);
    BOOST_TEST(format_problems(result.problems).find("hunter2") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(upstream_url_parts)
{
    struct expected {
        const char* url;
        const char* scheme;
        const char* host;
        std::uint16_t port;
        const char* base_path;
    };
    const expected cases[] = {
        {"http://127.0.0.1", "http", "127.0.0.1", 80, ""},
        {"https://hyper-script.ru/", "https", "hyper-script.ru", 443, ""},
        {"HTTPS://Example.test:8443/trade//", "https", "Example.test", 8443, "/trade"},
        {"http://[::1]:18002/a/b", "http", "::1", 18002, "/a/b"},
        {"https://[2001:db8::1]", "https", "2001:db8::1", 443, ""},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.url)
        {
            auto doc = minimal_rules();
            app_upstream(doc)["url"] = c.url;
            const auto result = load(doc);
            BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
            const auto& u = result.value->upstreams.at(0);
            BOOST_TEST(u.name == "app");
            BOOST_TEST(u.url == c.url);
            BOOST_TEST(u.scheme == c.scheme);
            BOOST_TEST(u.host == c.host);
            BOOST_TEST(u.port == c.port);
            BOOST_TEST(u.base_path == c.base_path);
        }
    }
}

BOOST_AUTO_TEST_CASE(route_naming_an_unknown_upstream)
{
    auto doc = minimal_rules();
    first_route(doc)["upstream"] = "hyperscirpt";
    check_single_problem(load(doc), "/routes/0/upstream", "unknown upstream \"hyperscirpt\"");
}

BOOST_AUTO_TEST_CASE(route_field_checks)
{
    auto doc = minimal_rules();
    doc["server"] = boost::json::object{{"server_names", boost::json::array{"scripts.example"}}};
    first_route(doc)["methods"] = boost::json::array{"get"};
    first_route(doc)["path_prefix"] = "api";
    first_route(doc)["hosts"] = boost::json::array{"SCRIPTS.example", "other.example"};
    doc["routes"].as_array().push_back(boost::json::object{{"name", "app"}, {"upstream", "app"}});
    const auto result = load(doc);
    BOOST_TEST(format_problems(result.problems) ==
               "/routes/0/hosts/1: not one of server/server_names\n"
               "/routes/0/methods/0: methods are upper-case names like \"GET\"\n"
               "/routes/0/path_prefix: must start with \"/\"\n"
               "/routes/1/name: duplicate route name \"app\"\n");
}

BOOST_AUTO_TEST_CASE(public_listeners_without_routes)
{
    auto doc = minimal_rules();
    doc["routes"] = boost::json::array{};
    check_single_problem(load(doc), "/routes", "the public listeners need at least one route");

    doc = minimal_rules();
    doc["listeners"] = boost::json::array{};
    check_single_problem(load(doc), "/listeners", "at least one public listener is required");
}

BOOST_AUTO_TEST_CASE(duplicate_listener_names_and_ports)
{
    auto doc = minimal_rules();
    auto& listeners = doc["listeners"].as_array();
    listeners[0].as_object()["address"] = "127.0.0.1:8080";
    listeners.push_back(boost::json::object{{"name", "http"}, {"address", "127.0.0.2:8081"}});
    listeners.push_back(boost::json::object{{"name", "other"}, {"address", "0.0.0.0:8080"}});
    listeners.push_back(boost::json::object{{"name", "admin"}, {"address", "127.0.0.1:0"}});
    listeners.push_back(boost::json::object{{"name", "zero"}, {"address", "127.0.0.1:0"}});
    doc["admin"] = boost::json::object{{"address", "127.0.0.2:8081"}};
    const auto result = load(doc);
    BOOST_TEST(format_problems(result.problems) ==
               "/listeners/1/name: duplicate listener name \"http\"\n"
               "/listeners/2/address: the port is already used by listener \"http\"\n"
               "/listeners/3/name: \"admin\" is the admin listener's name\n"
               "/admin/address: the port is already used by listener \"http\"\n");
}

BOOST_AUTO_TEST_CASE(tls_files_must_exist)
{
    temp_files files;
    auto doc = minimal_rules();
    first_listener(doc)["tls"] = boost::json::object{{"cert", "present.pem"}, {"key", "absent.pem"}};
    check_single_problem(load(doc, fixed_env(), files.dir.string()), "/listeners/0/tls/key",
                         "file does not exist: " + (files.dir / "absent.pem").string());

    first_listener(doc)["tls"] = boost::json::object{{"cert", files.dir.string()}, {"key", "present.pem"}};
    check_single_problem(load(doc, fixed_env(), files.dir.string()), "/listeners/0/tls/cert",
                         "not a regular file: " + files.dir.string());

    first_listener(doc)["tls"] = boost::json::object{{"cert", ""}, {"key", "present.pem"}};
    check_single_problem(load(doc, fixed_env(), files.dir.string()), "/listeners/0/tls/cert",
                         "must name a PEM file");
}

BOOST_AUTO_TEST_CASE(tls_files_must_be_readable)
{
    temp_files files;
    const auto locked = files.dir / "locked.key";
    std::ofstream(locked) << "secret";
    ::chmod(locked.c_str(), 0);
    auto doc = minimal_rules();
    first_listener(doc)["tls"] = boost::json::object{{"cert", "present.pem"}, {"key", "locked.key"}};
    const auto result = load(doc, fixed_env(), files.dir.string());
    if (::geteuid() == 0) {
        BOOST_TEST_MESSAGE("running as root: every file is readable, only checking that it loads");
        BOOST_TEST(result.problems.empty());
    } else {
        check_single_problem(result, "/listeners/0/tls/key", "file is not readable: " + locked.string());
    }
}

BOOST_AUTO_TEST_CASE(ca_file_must_exist)
{
    temp_files files;
    auto doc = minimal_rules();
    app_upstream(doc)["ca_file"] = "missing-ca.pem";
    check_single_problem(load(doc, fixed_env(), files.dir.string()), "/upstreams/app/ca_file",
                         "file does not exist: " + (files.dir / "missing-ca.pem").string());

    app_upstream(doc)["ca_file"] = "present.pem";
    const auto result = load(doc, fixed_env(), files.dir.string());
    BOOST_TEST_REQUIRE(result.problems.empty(), format_problems(result.problems));
    BOOST_TEST(result.value->upstreams.at(0).ca_file == (files.dir / "present.pem").string());
}

BOOST_AUTO_TEST_CASE(file_checks_can_be_skipped)
{
    auto doc = minimal_rules();
    first_listener(doc)["tls"] = boost::json::object{{"cert", "/no/such.crt"}, {"key", "/no/such.key"}};
    app_upstream(doc)["ca_file"] = "/no/ca.pem";
    const auto result = parse_rules(boost::json::serialize(doc), "/base", fixed_env(), false);
    BOOST_TEST(result.problems.empty(), format_problems(result.problems));
}

BOOST_AUTO_TEST_CASE(other_small_sections)
{
    auto doc = minimal_rules();
    doc["store"] = boost::json::object{{"path", ""}};
    doc["injection"] = boost::json::object{{"scripts", "a.js"}};
    doc["admin"] = boost::json::object{};
    doc["server"] = boost::json::object{{"server_names", boost::json::array{""}}};
    const auto result = load(doc);
    BOOST_TEST(format_problems(result.problems) ==
               "/server/server_names/0: must not be empty\n"
               "/admin/address: is required\n"
               "/injection/scripts: must be an array\n"
               "/store/path: must not be empty\n");
}

BOOST_AUTO_TEST_SUITE_END()
