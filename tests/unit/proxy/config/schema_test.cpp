// rules/schema.json states the same bounds as the loader, and names only keys the loader reads.
#include "proxy/config/loader.hpp"
#include "proxy/config/ranges.hpp"

#include "tests/unit/proxy/config/rules_fixture.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace hs1c::config;
using namespace hs1c::config::testing;

namespace {

boost::json::value read_schema()
{
    std::ifstream file(HS1C_SOURCE_DIR "/rules/schema.json");
    std::ostringstream text;
    text << file.rdbuf();
    return boost::json::parse(text.str());
}

void check_bounds(const boost::json::value& schema, std::string_view pointer, int_range range)
{
    BOOST_TEST_CONTEXT(pointer)
    {
        const auto& property = schema.at_pointer(pointer);
        BOOST_TEST(property.at("minimum").to_number<std::uint64_t>() == range.min);
        BOOST_TEST(property.at("maximum").to_number<std::uint64_t>() == range.max);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_test)

BOOST_AUTO_TEST_CASE(bounds_match_the_loader)
{
    const auto schema = read_schema();
    const std::string server = "/properties/server/properties";
    const std::string upstream = "/properties/upstreams/additionalProperties/properties";
    check_bounds(schema, server + "/threads", ranges::threads);
    check_bounds(schema, server + "/limits/properties/header_bytes", ranges::header_bytes);
    check_bounds(schema, server + "/limits/properties/body_bytes", ranges::body_bytes);
    check_bounds(schema, server + "/limits/properties/buffered_body_bytes", ranges::buffered_body_bytes);
    check_bounds(schema, server + "/limits/properties/response_header_bytes", ranges::header_bytes);
    check_bounds(schema, server + "/limits/properties/html_rewrite_bytes", ranges::html_rewrite_bytes);
    check_bounds(schema, server + "/limits/properties/max_connections", ranges::max_connections);
    for (const char* key : {"header_read", "idle", "body_idle", "drain"})
        check_bounds(schema, server + "/timeouts_ms/properties/" + key, ranges::timeout_ms);
    check_bounds(schema, upstream + "/pool/properties/max_idle", ranges::pool_max_idle);
    check_bounds(schema, upstream + "/pool/properties/idle_timeout_ms", ranges::timeout_ms);
    check_bounds(schema, upstream + "/connect_timeout_ms", ranges::timeout_ms);
    check_bounds(schema, upstream + "/first_byte_timeout_ms", ranges::timeout_ms);
    check_bounds(schema, upstream + "/max_concurrent", ranges::max_concurrent);
    check_bounds(schema, "/properties/routes/items/properties/body_bytes", ranges::body_bytes);
}

// A document using every key the schema lists, each at its default or minimum, loads cleanly:
// the schema documents no key the loader would call a typo.
BOOST_AUTO_TEST_CASE(every_schema_key_is_known_to_the_loader)
{
    const auto schema = read_schema();
    const auto value_for = [](const boost::json::object& property) -> boost::json::value {
        if (const auto* fallback = property.if_contains("default"))
            return *fallback;
        if (const auto* minimum = property.if_contains("minimum"))
            return *minimum;
        return nullptr;
    };
    auto doc = minimal_rules();
    for (const char* section : {"server", "injection", "store", "log"}) {
        boost::json::object filled;
        const auto pointer = "/properties/" + std::string(section) + "/properties";
        const auto& properties = schema.at_pointer(pointer).as_object();
        for (const auto& [key, property] : properties) {
            if (const auto* nested = property.as_object().if_contains("properties")) {
                boost::json::object inner;
                for (const auto& [inner_key, inner_property] : nested->as_object())
                    inner[inner_key] = value_for(inner_property.as_object());
                filled[key] = std::move(inner);
            } else if (property.as_object().contains("default") || property.as_object().contains("minimum")) {
                filled[key] = value_for(property.as_object());
            } else if (property.at("type") == "array") {
                filled[key] = boost::json::array{};
            }
        }
        doc[section] = std::move(filled);
    }
    auto& app = doc["upstreams"].as_object()["app"].as_object();
    const auto& upstream_properties =
        schema.at_pointer("/properties/upstreams/additionalProperties/properties").as_object();
    for (const auto& [key, property] : upstream_properties) {
        if (key == "url")
            continue;
        if (const auto* nested = property.as_object().if_contains("properties")) {
            boost::json::object inner;
            for (const auto& [inner_key, inner_property] : nested->as_object())
                inner[inner_key] = value_for(inner_property.as_object());
            app[key] = std::move(inner);
        } else {
            app[key] = value_for(property.as_object());
        }
    }
    const auto result = load(doc);
    BOOST_TEST(result.problems.empty(), format_problems(result.problems));
    BOOST_TEST(doc.at("server").as_object().size() == 5u);
    BOOST_TEST(app.size() == 7u);
}

BOOST_AUTO_TEST_SUITE_END()
