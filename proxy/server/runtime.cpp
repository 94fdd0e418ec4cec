#include "proxy/server/runtime.hpp"

#include "proxy/html/inject.hpp"
#include "proxy/observe/metrics.hpp"
#include "proxy/server/local_responses.hpp"
#include "proxy/store/database.hpp"
#include "proxy/upstream/client.hpp"
#include "proxy/upstream/pool.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <set>

namespace hs1c::server {

namespace {

constexpr std::array core_sections{"server", "listeners", "admin", "upstreams", "routes",
                                   "injection", "store",  "log"};

// Strong ETag from a SHA-256 of the bytes: stable across restarts and builds with the same asset.
std::string etag_for(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    constexpr unsigned etag_bytes = 12;
    std::string out = "\"";
    for (unsigned i = 0; i < std::min(len, etag_bytes); ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out + "\"";
}

class registry final : public routing::plugin_registry {
public:
    registry(runtime& rt, std::vector<config::problem>& problems) : rt_(rt), problems_(problems) {}

    const config::rules& rules() const override { return rt_.rules; }
    void problem(std::string path, std::string message) override {
        problems_.push_back({std::move(path), std::move(message)});
    }
    void add_route(std::string method, std::string pattern, routing::local_handler handler,
                   routing::route_options options) override {
        rt_.routes.add_local({std::move(method), std::move(pattern), {}, std::move(handler), options});
    }
    void add_request_interceptor(routing::traffic_match match, routing::request_interceptor i) override {
        rt_.routes.add_request_interceptor({std::move(match), std::move(i)});
    }
    void add_response_interceptor(routing::traffic_match match, routing::response_interceptor i) override {
        rt_.routes.add_response_interceptor({std::move(match), std::move(i)});
    }
    void add_asset(std::string path, std::string content_type, std::string_view bytes) override {
        rt_.routes.add_asset(std::move(path), {std::move(content_type), bytes, etag_for(bytes)});
    }
    void add_injected_script(std::string url) override { scripts.push_back(std::move(url)); }
    void add_injected_style(std::string url) override { styles.push_back(std::move(url)); }
    void add_migrations(std::string component, std::vector<std::string> statements) override {
        rt_.migrations[std::move(component)] = std::move(statements);
    }
    void add_readiness_check(std::string name, std::function<routing::readiness()> check) override {
        rt_.readiness_checks.emplace_back(std::move(name), std::move(check));
    }
    void add_background_task(std::string name, background_task task) override {
        rt_.background_tasks.emplace_back(std::move(name), std::move(task));
    }
    routing::services& core() override { return *rt_.services; }
    void claim_section(std::string name) override { rt_.claimed_sections.push_back(std::move(name)); }
    std::shared_ptr<void> shared_service(std::string_view key,
                                         const std::function<std::shared_ptr<void>()>& make) override {
        auto it = rt_.shared_services.find(key);
        if (it == rt_.shared_services.end()) it = rt_.shared_services.emplace(std::string(key), make()).first;
        return it->second;
    }

    std::vector<std::string> scripts;
    std::vector<std::string> styles;

private:
    runtime& rt_;
    std::vector<config::problem>& problems_;
};

void add_core_routes(registry& reg, const core_routes& core) {
    const routing::route_options admin{routing::listener_kind::admin, {}};
    reg.add_route("GET", "/healthz", [](routing::request_context& ctx) -> boost::asio::awaitable<routing::response> {
        co_return json_answer(ctx.req, http::status::ok, boost::json::object{{"status", "ok"}});
    }, admin);
    reg.add_route("GET", "/readyz", [core](routing::request_context& ctx) -> boost::asio::awaitable<routing::response> {
        boost::json::object checks;
        bool ready = true;
        for (const auto& [name, r] : core.readiness()) {
            checks[name] = boost::json::object{{"ready", r.ready}, {"detail", r.detail}};
            ready = ready && r.ready;
        }
        co_return json_answer(ctx.req, ready ? http::status::ok : http::status::service_unavailable,
                              boost::json::object{{"ready", ready}, {"checks", std::move(checks)}});
    }, admin);
    reg.add_route("GET", "/metrics", [core](routing::request_context& ctx) -> boost::asio::awaitable<routing::response> {
        co_return text_answer(ctx.req, http::status::ok, core.metrics_text(),
                              "text/plain; version=0.0.4; charset=utf-8");
    }, admin);
}

}  // namespace

std::shared_ptr<upstream::pool> runtime::pool_for(std::string_view name) const {
    const auto it = pools.find(name);
    return it == pools.end() ? nullptr : it->second;
}

std::shared_ptr<runtime> build_runtime(config::rules rules, store::database& store, observe::metrics& metrics,
                                       const core_routes& core, std::vector<config::problem>& problems) {
    auto rt = std::make_shared<runtime>();
    rt->rules = std::move(rules);
    for (const auto& u : rt->rules.upstreams) {
        try {
            rt->pools.emplace(u.name, std::make_shared<upstream::pool>(u, metrics));
        } catch (const std::exception& e) {
            problems.push_back({"/upstreams/" + u.name, e.what()});
        }
    }
    rt->services = std::make_unique<routing::services>(routing::services{
        rt->rules, store, metrics,
        [weak = std::weak_ptr<runtime>(rt)](std::string_view name) -> std::shared_ptr<upstream::client> {
            auto self = weak.lock();
            auto p = self ? self->pool_for(name) : nullptr;
            return p ? std::make_shared<upstream::client>(std::move(p)) : nullptr;
        }});
    rt->routes.set_forwards(rt->rules.routes);

    registry reg(*rt, problems);
    add_core_routes(reg, core);
    try {
        routing::register_linked_plugins(reg);
    } catch (const std::exception& e) {
        // A plugin's bug while reading odd rules must refuse the generation (and a reload), never
        // take the running proxy down.
        problems.push_back({"", std::string("a plugin failed while reading the rules: ") + e.what()});
    }

    for (const auto& [key, value] : rt->rules.sections) {
        const bool known = std::find(core_sections.begin(), core_sections.end(), key) != core_sections.end() ||
                           std::find(rt->claimed_sections.begin(), rt->claimed_sections.end(), key) !=
                               rt->claimed_sections.end();
        if (known) continue;
        std::string path = "/";
        path.append(key.data(), key.size());
        problems.push_back({std::move(path), "unknown section (no core part or plugin reads it)"});
    }

    auto scripts = rt->rules.injection.scripts;
    auto styles = rt->rules.injection.styles;
    scripts.insert(scripts.end(), reg.scripts.begin(), reg.scripts.end());
    styles.insert(styles.end(), reg.styles.begin(), reg.styles.end());
    rt->routes.set_injection(html::make_snippet(scripts, styles));
    return rt;
}

}  // namespace hs1c::server
