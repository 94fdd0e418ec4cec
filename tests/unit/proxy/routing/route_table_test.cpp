#include "proxy/routing/route_table.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace hs1c::routing;

namespace {

using param_list = std::vector<std::pair<std::string, std::string>>;

local_route make_local(std::string method, std::string pattern, listener_kind on = listener_kind::public_side)
{
    local_route route;
    route.method = std::move(method);
    route.pattern = std::move(pattern);
    route.options.on = on;
    return route;
}

// Interceptors carry an id so a test can tell which ones a lookup returned, and in which order.
struct tagged_request_interceptor {
    int id;
    boost::asio::awaitable<std::optional<response>> operator()(request_context&) const { co_return std::nullopt; }
};

struct tagged_response_interceptor {
    int id;
    boost::asio::awaitable<void> operator()(request_context&, response&) const { co_return; }
};

std::vector<int> ids(const std::vector<const request_interceptor*>& found)
{
    std::vector<int> out;
    for (const auto* i : found) {
        out.push_back(i->target<tagged_request_interceptor>()->id);
    }
    return out;
}

std::vector<int> ids(const std::vector<const response_interceptor*>& found)
{
    std::vector<int> out;
    for (const auto* i : found) {
        out.push_back(i->target<tagged_response_interceptor>()->id);
    }
    return out;
}

hs1c::config::route make_forward(std::string name, std::vector<std::string> hosts, std::vector<std::string> methods,
                                 std::string path_prefix)
{
    hs1c::config::route r;
    r.name = std::move(name);
    r.hosts = std::move(hosts);
    r.methods = std::move(methods);
    r.path_prefix = std::move(path_prefix);
    r.upstream = "hyperscript";
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(route_table_test)

BOOST_AUTO_TEST_CASE(split_path_segments)
{
    BOOST_TEST((split_path("/a/{b}/c") == std::vector<std::string>{"a", "{b}", "c"}));
    BOOST_TEST((split_path("/_hs1c/api/v1") == std::vector<std::string>{"_hs1c", "api", "v1"}));
    BOOST_TEST(split_path("/").empty());
    BOOST_TEST(split_path("").empty());
    BOOST_TEST((split_path("a/b") == std::vector<std::string>{"a", "b"}));
    BOOST_TEST((split_path("/a/b/") == std::vector<std::string>{"a", "b"}));
    BOOST_TEST((split_path("//a//b") == std::vector<std::string>{"a", "b"}));
    BOOST_TEST((split_path("/Корзина/x") == std::vector<std::string>{"Корзина", "x"}));
}

BOOST_AUTO_TEST_CASE(param_segments_are_captured)
{
    route_table table;
    table.add_local(make_local("GET", "/_hs1c/api/v1/carts/{cart}/lines/{line}"));

    const auto m = table.match_local(listener_kind::public_side, "GET", "/_hs1c/api/v1/carts/c-17/lines/3");
    BOOST_TEST_REQUIRE(m.route != nullptr);
    BOOST_TEST(m.route->pattern == "/_hs1c/api/v1/carts/{cart}/lines/{line}");
    BOOST_TEST((m.route->segments == std::vector<std::string>{"_hs1c", "api", "v1", "carts", "{cart}", "lines", "{line}"}));
    BOOST_TEST(!m.method_mismatch);
    BOOST_TEST((m.params == param_list{{"cart", "c-17"}, {"line", "3"}}));
}

BOOST_AUTO_TEST_CASE(literal_segments_must_match_exactly)
{
    route_table table;
    table.add_local(make_local("GET", "/_hs1c/api/v1/carts/{cart}"));

    BOOST_TEST(table.match_local(listener_kind::public_side, "GET", "/_hs1c/api/v2/carts/x").route == nullptr);
    BOOST_TEST(table.match_local(listener_kind::public_side, "GET", "/_HS1C/api/v1/carts/x").route == nullptr);
    BOOST_TEST(table.match_local(listener_kind::public_side, "GET", "/_hs1c/api/v1/Carts/x").route == nullptr);
    const auto miss = table.match_local(listener_kind::public_side, "GET", "/_hs1c/api/v1/cart/x");
    BOOST_TEST(miss.route == nullptr);
    BOOST_TEST(!miss.method_mismatch);
    BOOST_TEST(miss.params.empty());
}

BOOST_AUTO_TEST_CASE(segment_count_must_be_equal)
{
    route_table table;
    table.add_local(make_local("GET", "/_hs1c/api/v1/carts/{cart}"));

    for (const auto* path : {"/_hs1c/api/v1/carts", "/_hs1c/api/v1/carts/a/b", "/_hs1c/api/v1", "/"}) {
        const auto m = table.match_local(listener_kind::public_side, "GET", path);
        BOOST_TEST(m.route == nullptr, path);
        BOOST_TEST(!m.method_mismatch, path);
    }
}

BOOST_AUTO_TEST_CASE(trailing_slash_does_not_match)
{
    route_table table;
    table.add_local(make_local("GET", "/healthz", listener_kind::admin));
    table.add_local(make_local("GET", "/_hs1c/api/v1/carts/{cart}"));

    BOOST_TEST(table.match_local(listener_kind::admin, "GET", "/healthz").route != nullptr);
    const auto slash = table.match_local(listener_kind::admin, "GET", "/healthz/");
    BOOST_TEST(slash.route == nullptr);
    BOOST_TEST(!slash.method_mismatch);
    BOOST_TEST(table.match_local(listener_kind::public_side, "GET", "/_hs1c/api/v1/carts/x/").route == nullptr);
}

BOOST_AUTO_TEST_CASE(root_route_matches_only_root)
{
    route_table table;
    table.add_local(make_local("GET", "/", listener_kind::admin));

    BOOST_TEST(table.match_local(listener_kind::admin, "GET", "/").route != nullptr);
    BOOST_TEST(table.match_local(listener_kind::admin, "GET", "/x").route == nullptr);
}

BOOST_AUTO_TEST_CASE(get_route_answers_head)
{
    route_table table;
    table.add_local(make_local("GET", "/_hs1c/api/v1/carts/{cart}"));
    table.add_local(make_local("POST", "/_hs1c/api/v1/orders"));

    const auto head = table.match_local(listener_kind::public_side, "HEAD", "/_hs1c/api/v1/carts/9");
    BOOST_TEST_REQUIRE(head.route != nullptr);
    BOOST_TEST(head.route->method == "GET");
    BOOST_TEST((head.params == param_list{{"cart", "9"}}));

    const auto head_on_post = table.match_local(listener_kind::public_side, "HEAD", "/_hs1c/api/v1/orders");
    BOOST_TEST(head_on_post.route == nullptr);
    BOOST_TEST(head_on_post.method_mismatch);
}

BOOST_AUTO_TEST_CASE(method_mismatch_when_path_exists_with_other_methods)
{
    route_table table;
    table.add_local(make_local("POST", "/_hs1c/api/v1/carts"));
    table.add_local(make_local("DELETE", "/_hs1c/api/v1/carts/{cart}"));

    const auto get = table.match_local(listener_kind::public_side, "GET", "/_hs1c/api/v1/carts");
    BOOST_TEST(get.route == nullptr);
    BOOST_TEST(get.method_mismatch);
    BOOST_TEST(get.params.empty());

    const auto put = table.match_local(listener_kind::public_side, "PUT", "/_hs1c/api/v1/carts/abc");
    BOOST_TEST(put.route == nullptr);
    BOOST_TEST(put.method_mismatch);
    BOOST_TEST(put.params.empty());

    // Methods are case-sensitive tokens (RFC 9110 §9.1).
    BOOST_TEST(table.match_local(listener_kind::public_side, "post", "/_hs1c/api/v1/carts").method_mismatch);
}

BOOST_AUTO_TEST_CASE(later_route_with_the_method_clears_mismatch)
{
    route_table table;
    table.add_local(make_local("GET", "/_hs1c/api/v1/carts/{cart}"));
    table.add_local(make_local("DELETE", "/_hs1c/api/v1/carts/{id}"));

    const auto del = table.match_local(listener_kind::public_side, "DELETE", "/_hs1c/api/v1/carts/k");
    BOOST_TEST_REQUIRE(del.route != nullptr);
    BOOST_TEST(del.route->method == "DELETE");
    BOOST_TEST(!del.method_mismatch);
    BOOST_TEST((del.params == param_list{{"id", "k"}}));
}

BOOST_AUTO_TEST_CASE(first_matching_local_route_wins)
{
    route_table table;
    table.add_local(make_local("GET", "/_hs1c/api/v1/carts/{cart}"));
    table.add_local(make_local("GET", "/_hs1c/api/v1/carts/special"));

    const auto m = table.match_local(listener_kind::public_side, "GET", "/_hs1c/api/v1/carts/special");
    BOOST_TEST_REQUIRE(m.route != nullptr);
    BOOST_TEST(m.route->pattern == "/_hs1c/api/v1/carts/{cart}");
    BOOST_TEST((m.params == param_list{{"cart", "special"}}));
}

BOOST_AUTO_TEST_CASE(listener_kinds_are_kept_apart)
{
    route_table table;
    table.add_local(make_local("GET", "/metrics", listener_kind::admin));
    table.add_local(make_local("POST", "/admin/reload", listener_kind::admin));
    table.add_local(make_local("GET", "/_hs1c/ping", listener_kind::public_side));

    const auto on_public = table.match_local(listener_kind::public_side, "GET", "/metrics");
    BOOST_TEST(on_public.route == nullptr);
    BOOST_TEST(!on_public.method_mismatch);
    // An admin route must not even reveal itself as a 405 on the public side.
    BOOST_TEST(!table.match_local(listener_kind::public_side, "GET", "/admin/reload").method_mismatch);
    BOOST_TEST(table.match_local(listener_kind::admin, "GET", "/_hs1c/ping").route == nullptr);

    const auto on_admin = table.match_local(listener_kind::admin, "GET", "/metrics");
    BOOST_TEST_REQUIRE(on_admin.route != nullptr);
    BOOST_TEST(on_admin.route->pattern == "/metrics");
    BOOST_TEST((on_admin.route->options.on == listener_kind::admin));
}

BOOST_AUTO_TEST_CASE(same_pattern_on_both_listeners)
{
    route_table table;
    auto admin_route = make_local("GET", "/status", listener_kind::admin);
    admin_route.options.body_bytes = 1;
    auto public_route = make_local("GET", "/status", listener_kind::public_side);
    public_route.options.body_bytes = 2;
    table.add_local(std::move(admin_route));
    table.add_local(std::move(public_route));

    const auto a = table.match_local(listener_kind::admin, "GET", "/status");
    const auto p = table.match_local(listener_kind::public_side, "GET", "/status");
    BOOST_TEST_REQUIRE(a.route != nullptr);
    BOOST_TEST_REQUIRE(p.route != nullptr);
    BOOST_TEST(*a.route->options.body_bytes == 1U);
    BOOST_TEST(*p.route->options.body_bytes == 2U);
}

BOOST_AUTO_TEST_CASE(assets_match_exact_path_only)
{
    static constexpr std::string_view script = "console.log('hs1c');";
    route_table table;
    table.add_asset("/_hs1c/ui/plugin.js", asset{"text/javascript; charset=utf-8", script, "\"abc\""});
    table.add_asset("/_hs1c/ui/plugin.css", asset{"text/css; charset=utf-8", "body{}", "\"def\""});

    const auto* js = table.match_asset("/_hs1c/ui/plugin.js");
    BOOST_TEST_REQUIRE(js != nullptr);
    BOOST_TEST(js->content_type == "text/javascript; charset=utf-8");
    BOOST_TEST(js->bytes == script);
    BOOST_TEST(js->etag == "\"abc\"");
    const auto* css = table.match_asset("/_hs1c/ui/plugin.css");
    BOOST_TEST_REQUIRE(css != nullptr);
    BOOST_TEST(css->etag == "\"def\"");

    for (const auto* path : {"/_hs1c/ui/plugin.js/", "/_hs1c/ui/Plugin.js", "/_hs1c/ui/", "/_hs1c/ui/plugin",
                             "_hs1c/ui/plugin.js", "/_hs1c/ui/plugin.jsx", "//_hs1c/ui/plugin.js"}) {
        BOOST_TEST(table.match_asset(path) == nullptr, path);
    }
}

BOOST_AUTO_TEST_CASE(forward_host_is_case_insensitive)
{
    route_table table;
    std::vector<hs1c::config::route> routes;
    routes.push_back(make_forward("scripts", {"scripts.company.ru", "alt.company.ru"}, {}, "/"));
    table.set_forwards(std::move(routes));

    for (const auto* host : {"scripts.company.ru", "SCRIPTS.Company.RU", "Alt.Company.Ru"}) {
        const auto* r = table.match_forward(host, "GET", "/index.html");
        BOOST_TEST_REQUIRE(r != nullptr, host);
        BOOST_TEST(r->name == "scripts");
    }
    BOOST_TEST(table.match_forward("other.company.ru", "GET", "/") == nullptr);
    BOOST_TEST(table.match_forward("scripts.company.ru.evil", "GET", "/") == nullptr);
    BOOST_TEST(table.match_forward("", "GET", "/") == nullptr);
}

BOOST_AUTO_TEST_CASE(forward_without_hosts_or_methods_matches_any)
{
    route_table table;
    std::vector<hs1c::config::route> routes;
    routes.push_back(make_forward("any", {}, {}, "/"));
    table.set_forwards(std::move(routes));

    const auto* r = table.match_forward("whatever.example", "PATCH", "/a/b?c");
    BOOST_TEST_REQUIRE(r != nullptr);
    BOOST_TEST(r->name == "any");
}

BOOST_AUTO_TEST_CASE(forward_method_list_is_case_sensitive)
{
    route_table table;
    std::vector<hs1c::config::route> routes;
    routes.push_back(make_forward("rpc", {}, {"POST", "PUT"}, "/ajax"));
    table.set_forwards(std::move(routes));

    BOOST_TEST(table.match_forward("h", "POST", "/ajax") != nullptr);
    BOOST_TEST(table.match_forward("h", "PUT", "/ajax") != nullptr);
    BOOST_TEST(table.match_forward("h", "GET", "/ajax") == nullptr);
    BOOST_TEST(table.match_forward("h", "post", "/ajax") == nullptr);
}

BOOST_AUTO_TEST_CASE(forward_path_prefix_is_case_sensitive)
{
    route_table table;
    std::vector<hs1c::config::route> routes;
    routes.push_back(make_forward("api", {}, {}, "/api/"));
    table.set_forwards(std::move(routes));

    BOOST_TEST(table.match_forward("h", "GET", "/api/") != nullptr);
    BOOST_TEST(table.match_forward("h", "GET", "/api/v1/x") != nullptr);
    BOOST_TEST(table.match_forward("h", "GET", "/API/v1/x") == nullptr);
    BOOST_TEST(table.match_forward("h", "GET", "/api") == nullptr);
    BOOST_TEST(table.match_forward("h", "GET", "/ap") == nullptr);
}

BOOST_AUTO_TEST_CASE(first_matching_forward_wins)
{
    route_table table;
    std::vector<hs1c::config::route> routes;
    routes.push_back(make_forward("rpc", {"scripts.company.ru"}, {"POST"}, "/ajax"));
    routes.push_back(make_forward("static", {"scripts.company.ru"}, {}, "/static/"));
    routes.push_back(make_forward("rest", {"scripts.company.ru"}, {}, "/"));
    routes.push_back(make_forward("never", {"scripts.company.ru"}, {"POST"}, "/ajax"));
    table.set_forwards(std::move(routes));

    BOOST_TEST(table.match_forward("scripts.company.ru", "POST", "/ajax")->name == "rpc");
    BOOST_TEST(table.match_forward("scripts.company.ru", "GET", "/ajax")->name == "rest");
    BOOST_TEST(table.match_forward("scripts.company.ru", "GET", "/static/app.js")->name == "static");
    BOOST_TEST(table.match_forward("scripts.company.ru", "POST", "/other")->name == "rest");
}

BOOST_AUTO_TEST_CASE(set_forwards_replaces_previous_routes)
{
    route_table table;
    std::vector<hs1c::config::route> first;
    first.push_back(make_forward("old", {}, {}, "/"));
    table.set_forwards(std::move(first));
    std::vector<hs1c::config::route> second;
    second.push_back(make_forward("new", {}, {}, "/only/"));
    table.set_forwards(std::move(second));

    BOOST_TEST(table.match_forward("h", "GET", "/") == nullptr);
    BOOST_TEST(table.match_forward("h", "GET", "/only/x")->name == "new");
}

BOOST_AUTO_TEST_CASE(no_forwards_match_nothing)
{
    const route_table table;
    BOOST_TEST(table.match_forward("h", "GET", "/") == nullptr);
    BOOST_TEST(table.match_asset("/") == nullptr);
    BOOST_TEST(table.match_local(listener_kind::public_side, "GET", "/").route == nullptr);
    BOOST_TEST(table.injection_snippet().empty());
}

BOOST_AUTO_TEST_CASE(request_interceptors_by_method_and_path)
{
    route_table table;
    table.add_request_interceptor({traffic_match{"POST", "/ajax", ""}, tagged_request_interceptor{1}});
    table.add_request_interceptor({traffic_match{"", "/ajax", ""}, tagged_request_interceptor{2}});
    table.add_request_interceptor({traffic_match{"POST", "", ""}, tagged_request_interceptor{3}});
    table.add_request_interceptor({traffic_match{"", "", ""}, tagged_request_interceptor{4}});
    table.add_request_interceptor({traffic_match{"GET", "/page", ""}, tagged_request_interceptor{5}});

    BOOST_TEST((ids(table.request_interceptors_for("POST", "/ajax")) == std::vector<int>{1, 2, 3, 4}));
    BOOST_TEST((ids(table.request_interceptors_for("GET", "/ajax")) == std::vector<int>{2, 4}));
    BOOST_TEST((ids(table.request_interceptors_for("POST", "/other")) == std::vector<int>{3, 4}));
    BOOST_TEST((ids(table.request_interceptors_for("GET", "/page")) == std::vector<int>{4, 5}));
    BOOST_TEST((ids(table.request_interceptors_for("GET", "/ajax/")) == std::vector<int>{4}));
    BOOST_TEST((ids(table.request_interceptors_for("post", "/AJAX")) == std::vector<int>{4}));
}

BOOST_AUTO_TEST_CASE(response_interceptors_by_content_type_prefix)
{
    route_table table;
    table.add_response_interceptor({traffic_match{"POST", "/ajax", "application/json"}, tagged_response_interceptor{1}});
    table.add_response_interceptor({traffic_match{"POST", "/ajax", ""}, tagged_response_interceptor{2}});
    table.add_response_interceptor({traffic_match{"", "", "text/html"}, tagged_response_interceptor{3}});

    BOOST_TEST((ids(table.response_interceptors_for("POST", "/ajax", "application/json")) == std::vector<int>{1, 2}));
    BOOST_TEST((ids(table.response_interceptors_for("POST", "/ajax", "Application/JSON; charset=utf-8")) ==
                std::vector<int>{1, 2}));
    BOOST_TEST((ids(table.response_interceptors_for("POST", "/ajax", "text/html; charset=utf-8")) ==
                std::vector<int>{2, 3}));
    BOOST_TEST((ids(table.response_interceptors_for("POST", "/ajax", "")) == std::vector<int>{2}));
    BOOST_TEST((ids(table.response_interceptors_for("POST", "/ajax", "application/js")) == std::vector<int>{2}));
    BOOST_TEST((ids(table.response_interceptors_for("GET", "/", "TEXT/HTML")) == std::vector<int>{3}));
    BOOST_TEST(table.response_interceptors_for("GET", "/", "image/png").empty());
}

BOOST_AUTO_TEST_CASE(has_response_interceptors_ignores_content_type)
{
    route_table table;
    table.add_response_interceptor({traffic_match{"POST", "/ajax", "application/json"}, tagged_response_interceptor{1}});

    // Decided before the answer arrives, so the content type cannot take part yet.
    BOOST_TEST(table.has_response_interceptors_for("POST", "/ajax"));
    BOOST_TEST(!table.has_response_interceptors_for("GET", "/ajax"));
    BOOST_TEST(!table.has_response_interceptors_for("POST", "/ajax2"));
    BOOST_TEST(!route_table{}.has_response_interceptors_for("POST", "/ajax"));
}

BOOST_AUTO_TEST_CASE(injection_snippet_is_kept)
{
    route_table table;
    table.set_injection("<script defer src=\"/_hs1c/ui/plugin.js\"></script>");
    BOOST_TEST(table.injection_snippet() == "<script defer src=\"/_hs1c/ui/plugin.js\"></script>");
}

BOOST_AUTO_TEST_SUITE_END()
