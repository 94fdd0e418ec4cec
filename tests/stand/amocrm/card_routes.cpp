// The deal card page and the amoCRM-specific control routes: OAuth codes, widget settings and tokens,
// the widget folder, and the card's own assets.
#include "tests/stand/amocrm/amocrm.hpp"

#include "tests/stand/amocrm/amo_assets.hpp"
#include "tests/stand/amocrm/answers.hpp"
#include "tests/stand/amocrm/card_page.hpp"
#include "tests/stand/amocrm/jwt.hpp"
#include "tests/stand/amocrm/text.hpp"
#include "tests/stand/common/responses.hpp"

#include "proxy/http/codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace hs1c::stand::amo {

namespace {

namespace json = boost::json;
namespace codec = hs1c::http;

constexpr std::string_view widget_prefix = "/_stand/widget/";
constexpr std::string_view script_type = "text/javascript; charset=utf-8";
constexpr std::size_t jti_bytes = 16;

}  // namespace

response amocrm::card_route(const request& req, std::string_view id_text) {
    if (req.method() != http::verb::get) return method_not_allowed(req);
    const auto id = parse_int(id_text);
    if (!id || *id < 0) return make_response(req, http::status::not_found, render_missing_card_page(0), html_type);
    const lead* deal = nullptr;
    if (*id != 0) {
        const auto it = account_.leads.find(*id);
        if (it == account_.leads.end())
            return make_response(req, http::status::not_found, render_missing_card_page(*id), html_type);
        deal = &it->second;
    }
    const card_view view{*id, deal, widget_.present(), widget_.has("style.css"), jquery_.has_value(),
                          settings_, base_url_};
    return make_response(req, http::status::ok, render_card_page(account_, view), html_type);
}

response amocrm::control(const request& req, const std::string& path) {
    const auto method = req.method();
    if (path == "/_stand/oauth/code" && method == http::verb::post) {
        std::string client = demo_integration().client_id;
        boost::system::error_code ec;
        const auto body = json::parse(req.body(), ec);
        if (!ec && body.is_object())
            if (const auto* given = body.as_object().if_contains("client_id"); given && given->is_string())
                client = std::string(given->as_string());
        if (client != demo_integration().client_id)
            return json_response(req, http::status::bad_request, json::object{{"error", "unknown client_id"}});
        return json_response(req, http::status::ok, json::object{{"code", oauth_.issue_code(client)}});
    }
    if (path == "/_stand/widget/settings") {
        if (method == http::verb::get) return json_response(req, http::status::ok, settings_);
        if (method != http::verb::post) return method_not_allowed(req);
        boost::system::error_code ec;
        auto body = json::parse(req.body(), ec);
        if (ec || !body.is_object())
            return json_response(req, http::status::bad_request, json::object{{"error", "body must be a JSON object"}});
        settings_ = std::move(body.as_object());
        return json_response(req, http::status::ok, settings_);
    }
    if (path == "/_stand/widget/token" && method == http::verb::get) {
        const auto claims = disposable_token_claims(unix_now(), random_hex(random_, jti_bytes));
        return json_response(req, http::status::ok,
                             json::object{{"token", sign_hs256(claims, demo_integration().client_secret)}});
    }
    if (method != http::verb::get) return not_found(req);
    if (path == "/_stand/amo/card.js")
        return make_response(req, http::status::ok, std::string(amo_assets::card_js()), script_type);
    if (path == "/_stand/amo/card.css")
        return make_response(req, http::status::ok, std::string(amo_assets::card_css()), "text/css; charset=utf-8");
    if (path == "/_stand/amo/jquery.min.js" && jquery_)
        return make_response(req, http::status::ok, *jquery_, script_type);
    if (path.starts_with(widget_prefix)) {
        const auto decoded = codec::percent_decode(std::string_view(path).substr(widget_prefix.size()), false);
        if (decoded)
            if (auto file = widget_.read(*decoded))
                return make_response(req, http::status::ok, std::move(file->body), file->content_type);
    }
    return text_response(req, http::status::not_found, "Not Found");
}

}  // namespace hs1c::stand::amo
