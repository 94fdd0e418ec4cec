#include "plugins/hyperscript/rpc_interceptors.hpp"

#include "plugins/hyperscript/cart_store.hpp"
#include "plugins/hyperscript/rpc.hpp"
#include "plugins/hyperscript/script_fields.hpp"
#include "proxy/config/rules.hpp"
#include "proxy/html/encoding.hpp"
#include "proxy/observe/log.hpp"
#include "proxy/routing/plugin.hpp"
#include "proxy/store/database.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace hs1c::hyperscript {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using routing::request_context;
using routing::response;

struct rpc_state {
    settings rules;
    store::database& db;
    std::size_t max_body;
};
using state_ptr = std::shared_ptr<const rpc_state>;

// The answer's JSON, decoded from gzip/deflate when needed; nullopt when it is not JSON we can read.
std::optional<boost::json::value> answer_json(const response& res, std::size_t max_body) {
    if (res.result() != http::status::ok) return std::nullopt;
    const auto coding = html::parse_content_encoding(res[http::field::content_encoding]);
    std::optional<std::string> decoded;
    std::string_view text = res.body();
    if (coding != html::coding::identity) {
        decoded = html::decode(coding, res.body(), max_body);
        if (!decoded) return std::nullopt;
        text = *decoded;
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) return std::nullopt;
    return v;
}

void replace_answer(response& res, const boost::json::value& v) {
    res.body() = boost::json::serialize(v);
    res.erase(http::field::content_encoding);
    res.erase(http::field::etag);
    res.erase(http::field::content_md5);
}

// {"status":0,"response":{…}} → the response object.
boost::json::object* ok_response(boost::json::value& v) {
    auto* envelope = v.if_object();
    if (!envelope) return nullptr;
    const auto* status = envelope->if_contains("status");
    if (!status || !status->is_int64() || status->get_int64() != 0) return nullptr;
    auto* r = envelope->if_contains("response");
    return r ? r->if_object() : nullptr;
}

asio::awaitable<std::optional<response>> on_request(state_ptr st, request_context& ctx) {
    if (auto rewrite = rewrite_add_field(ctx.req.body(), st->rules)) {
        ctx.req.body() = std::move(rewrite->body);
        observe::log_info("nomenclature field requested", {{"request_id", ctx.request_id},
                                                           {"script_id", rewrite->script_id}});
    }
    co_return std::nullopt;
}

asio::awaitable<void> record_added_field(state_ptr st, request_context& ctx, response& res) {
    const auto& body = ctx.req.body();
    if (form_value(body, "type") != st->rules.stored_type || form_value(body, "options") != st->rules.marker)
        co_return;
    auto v = answer_json(res, st->max_body);
    auto* field = v ? ok_response(*v) : nullptr;
    const auto* id = field ? field->if_contains("id") : nullptr;
    const auto field_id = id ? id_text(*id) : std::nullopt;
    if (!field_id) {
        observe::log_warn("nomenclature field not recorded: unexpected add_field answer", {{"request_id", ctx.request_id}});
        co_return;
    }
    const auto script_id = form_value(body, "script_id").value_or("");
    const auto name = form_value(body, "name").value_or("");
    auto record = [script_id, id = *field_id, name](store::connection& db) {
        cart_store::register_field(db, script_id, id, name);
    };
    co_await st->db.run(std::move(record));
    mark_field(*field);
    replace_answer(res, *v);
    observe::log_info("nomenclature field recorded", {{"script_id", script_id}, {"field_id", *field_id}});
}

asio::awaitable<void> mark_loaded_fields(state_ptr st, request_context& ctx, response& res) {
    auto v = answer_json(res, st->max_body);
    auto* r = v ? ok_response(*v) : nullptr;
    auto* fields_v = r ? r->if_contains("fields") : nullptr;
    auto* fields = fields_v ? fields_v->if_object() : nullptr;
    if (!fields) co_return;
    const auto script_id = form_value(ctx.req.body(), "id").value_or("");
    auto lookup = [script_id](store::connection& db) { return cart_store::registered_fields(db, script_id); };
    auto registered = co_await st->db.run(std::move(lookup));
    const bool marked = mark_fields(*fields, registered, st->rules) > 0;
    if (!script_id.empty()) {
        auto record = [script_id, seen = fields_from(*fields)](store::connection& db) {
            record_script_fields(db, script_id, seen);
        };
        co_await st->db.run(std::move(record));
    }
    if (marked) replace_answer(res, *v);
}

// A deleted field's registration goes too, so an id HyperScript might reuse is not taken for ours.
asio::awaitable<void> forget_deleted_field(state_ptr st, request_context& ctx, response& res) {
    auto v = answer_json(res, st->max_body);
    if (!v || !ok_response(*v)) co_return;
    const auto field_id = form_value(ctx.req.body(), "id");
    if (!field_id) co_return;
    auto forget = [id = *field_id](store::connection& db) { cart_store::unregister_field(db, id); };
    co_await st->db.run(std::move(forget));
}

asio::awaitable<void> on_response(state_ptr st, request_context& ctx, response& res) {
    const auto method = form_value(ctx.req.body(), "method");
    if (!method) co_return;
    if (*method == st->rules.methods.add_field) co_await record_added_field(st, ctx, res);
    else if (*method == st->rules.methods.load || *method == st->rules.methods.get_fields)
        co_await mark_loaded_fields(st, ctx, res);
    else if (*method == st->rules.methods.delete_field)
        co_await forget_deleted_field(st, ctx, res);
}

}  // namespace

void register_rpc_interceptors(routing::plugin_registry& registry, const settings& s) {
    auto st = std::make_shared<const rpc_state>(
        rpc_state{s, registry.core().store, registry.rules().limits.buffered_body_bytes});
    const routing::traffic_match rpc{"POST", s.rpc_path, ""};
    registry.add_request_interceptor(rpc, [st](request_context& ctx) { return on_request(st, ctx); });
    registry.add_response_interceptor(rpc, [st](request_context& ctx, response& res) { return on_response(st, ctx, res); });
}

}  // namespace hs1c::hyperscript
