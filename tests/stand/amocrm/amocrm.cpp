#include "tests/stand/amocrm/amocrm.hpp"

#include "tests/stand/amocrm/amo_assets.hpp"
#include "tests/stand/amocrm/answers.hpp"
#include "tests/stand/amocrm/render.hpp"
#include "tests/stand/common/responses.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <chrono>

namespace hs1c::stand {

namespace amo {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using clock = std::chrono::steady_clock;

constexpr std::string_view control_prefix = "/_stand/";
constexpr std::string_view api_prefix = "/api/";
constexpr std::string_view oauth_path = "/oauth2/access_token";
constexpr std::string_view card_prefix = "/leads/detail/";

// The 429 body: nginx's page, not JSON, as amoCRM's front servers answer.
constexpr std::string_view too_many_body =
    "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n"
    "<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

response blocked(const request& req) {
    return make_response(req, http::status::forbidden, std::string(amo_assets::blocked_403_html()), html_type);
}

}  // namespace

amocrm::amocrm(const options& opts, asio::any_io_executor ex)
    : executor_(std::move(ex)), widget_(opts.widget_dir), jquery_(find_jquery()), random_(std::random_device{}()),
      base_url_("http://" + opts.amocrm) {
    reset();
}

asio::awaitable<response> amocrm::handle(request& req, const exchange_info& info) {
    const std::string path(target_path(req.target()));
    if (path.starts_with(control_prefix)) co_return control(req, path);
    base_url_ = base_url(req, info);

    // The limit sees the call when it arrives; latency only delays the answer.
    const bool api = path.starts_with(api_prefix);
    const bool oauth = path == oauth_path;
    std::optional<response> refused;
    if ((api || oauth) && limiter_.banned())
        refused = blocked(req);
    else if (api)
        refused = admit(req);
    if (quirks_.latency_ms > 0) {
        asio::steady_timer timer(executor_, std::chrono::milliseconds(quirks_.latency_ms));
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (refused) co_return std::move(*refused);
    if (api) co_return api_route(req, path);
    if (oauth) co_return oauth_route(req);
    if (path.starts_with(card_prefix)) co_return card_route(req, path.substr(card_prefix.size()));
    co_return text_response(req, http::status::not_found, "Not Found");
}

json::value amocrm::state() const {
    json::array leads;
    for (const auto& [id, l] : account_.leads) leads.push_back(render_lead(account_, l, base_url_));
    return json::object{{"leads", std::move(leads)},
                        {"oauth", oauth_.state(clock::now())},
                        {"limits", limiter_.state()},
                        {"widget", json::object{{"folder", widget_.present()},
                                                {"jquery", jquery_.has_value()},
                                                {"settings", settings_}}}};
}

void amocrm::reset() {
    account_ = demo_account();
    oauth_.reset();
    limiter_.reset();
    quirks_ = {};
    settings_ = {};
}

std::optional<std::string> amocrm::set_quirks(const json::object& given) {
    auto next = quirks_;
    auto rps = limiter_.rps_limit();
    auto ban_after = limiter_.ban_after();
    std::optional<bool> banned;
    for (const auto& [key, value] : given) {
        const auto positive = [&](std::int64_t minimum) -> std::optional<std::int64_t> {
            if (value.is_int64() && value.as_int64() >= minimum) return value.as_int64();
            if (value.is_uint64()) return static_cast<std::int64_t>(value.as_uint64());
            return std::nullopt;
        };
        if (key == "rps_limit" || key == "ban_after" || key == "token_ttl_s") {
            const auto n = positive(1);
            if (!n) return std::string(key) + " must be an integer >= 1";
            if (key == "rps_limit") rps = static_cast<std::size_t>(*n);
            else if (key == "ban_after") ban_after = static_cast<std::size_t>(*n);
            else next.token_ttl_s = *n;
        } else if (key == "latency_ms") {
            const auto n = positive(0);
            if (!n) return "latency_ms must be an integer >= 0";
            next.latency_ms = *n;
        } else if (key == "down" || key == "banned") {
            if (!value.is_bool()) return std::string(key) + " must be true or false";
            if (key == "down") next.down = value.as_bool();
            else banned = value.as_bool();
        } else {
            return "unknown amoCRM quirk: " + std::string(key);
        }
    }
    quirks_ = next;
    limiter_.set_rps_limit(rps);
    limiter_.set_ban_after(ban_after);
    if (banned) limiter_.set_banned(*banned);
    return std::nullopt;
}

json::object amocrm::quirks() const {
    return json::object{{"rps_limit", limiter_.rps_limit()},     {"ban_after", limiter_.ban_after()},
                        {"token_ttl_s", quirks_.token_ttl_s},    {"latency_ms", quirks_.latency_ms},
                        {"down", quirks_.down},                  {"banned", limiter_.banned()}};
}

std::string amocrm::base_url(const request& req, const exchange_info& info) {
    const auto host = req[http::field::host];
    return "http://" + (host.empty() ? info.local : std::string(host));
}

std::optional<response> amocrm::admit(const request& req) {
    const auto now = clock::now();
    const auto who = oauth_.authenticate(req[http::field::authorization], now);
    if (const auto* failure = std::get_if<auth_failure>(&who)) {
        const std::string_view detail = *failure == auth_failure::expired ? "Token has expired"
                                        : *failure == auth_failure::missing ? "Authorization header required"
                                                                                  : "Token is invalid";
        return problem_response(req, http::status::unauthorized, "Unauthorized", detail);
    }
    switch (limiter_.admit(std::get<std::string>(who), now)) {
    case rate_limiter::verdict::pass: return std::nullopt;
    case rate_limiter::verdict::too_many:
        return make_response(req, http::status::too_many_requests, std::string(too_many_body), html_type);
    case rate_limiter::verdict::banned: break;
    }
    return make_response(req, http::status::forbidden, std::string(amo_assets::blocked_403_html()), html_type);
}

}  // namespace amo

std::unique_ptr<emulator> make_amocrm(const options& opts, boost::asio::any_io_executor ex) {
    return std::make_unique<amo::amocrm>(opts, std::move(ex));
}

}  // namespace hs1c::stand
