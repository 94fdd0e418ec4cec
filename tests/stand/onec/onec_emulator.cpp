// The 1C emulator: profiles `hs` and `odata` over one catalogue, Basic auth with a Cyrillic login,
// the quirks of real 1C servers, and status events sent to the proxy on request.
#include "tests/stand/common/emulator.hpp"
#include "tests/stand/common/responses.hpp"
#include "tests/stand/onec/base64.hpp"
#include "tests/stand/onec/catalog.hpp"
#include "tests/stand/onec/hs_profile.hpp"
#include "tests/stand/onec/messages.hpp"
#include "tests/stand/onec/odata_profile.hpp"
#include "tests/stand/onec/orders.hpp"
#include "tests/stand/onec/quirks.hpp"
#include "tests/stand/onec/status_client.hpp"
#include "tests/stand/onec/text.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace hs1c::stand {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace onec;
using clock = std::chrono::steady_clock;

constexpr std::string_view onec_user = "Интеграция";
constexpr std::string_view onec_password = "hs1c-demo";
constexpr std::string_view auth_realm = "Basic realm=\"1C\"";
constexpr std::string_view status_path = "/_hs1c/1c/status";
constexpr std::string_view status_event_route = "/_stand/status-event";
constexpr std::string_view bom = "\xEF\xBB\xBF";
// Real 1C breaks Base64 into lines; folded with a space so the header stays one HTTP field (obs-fold).
constexpr std::size_t auth_line_length = 16;
constexpr std::string_view auth_line_break = "\r\n ";

constexpr auto token = asio::as_tuple(asio::use_awaitable);

catalog load_catalog(const options& opts) {
    if (opts.catalog.empty()) return generate_catalog(opts.seed);
    std::ifstream in(opts.catalog, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read catalogue " + opts.catalog);
    std::stringstream text;
    text << in.rdbuf();
    json::parse_options po;
    po.allow_comments = true;
    po.allow_trailing_commas = true;
    boost::system::error_code ec;
    const auto doc = json::parse(text.str(), ec, {}, po);
    if (ec) throw std::runtime_error("catalogue " + opts.catalog + ": " + ec.message());
    std::string error;
    auto cat = catalog::from_json(doc, error);
    if (!error.empty()) throw std::runtime_error(opts.catalog + ": " + error);
    return cat;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

class onec_emulator final : public emulator {
public:
    onec_emulator(const options& opts, asio::any_io_executor ex)
        : ex_(std::move(ex)), proxy_(opts.proxy), catalog_(load_catalog(opts)) {}

    std::string_view name() const override { return "onec"; }

    asio::awaitable<response> handle(request& req, const exchange_info&) override {
        const auto path = target_path(req.target());
        if (path == status_event_route && req.method() == http::verb::post) co_return co_await status_event(req);
        if (path.starts_with("/_stand/"))
            co_return json_response(req, http::status::not_found, json::object{{"error", "unknown control route"}});

        const bool hs = path == hs_base || path.starts_with(std::string(hs_base) + "/");
        const bool odata = path.starts_with(odata_base);
        if (!hs && !odata) {
            ++counts_["other"];
            co_return text_response(req, http::status::not_found, std::string(messages::not_found));
        }

        // Every request holds a 1C session (and a licence) for as long as it runs.
        ++in_flight_;
        max_in_flight_ = std::max(max_in_flight_, in_flight_);
        struct release {
            std::size_t& n;
            ~release() { --n; }
        } guard{in_flight_};

        if (!authorized(req)) {
            ++counts_["unauthorized"];
            auto res = text_response(req, http::status::unauthorized, std::string(messages::unauthorized));
            res.set(http::field::www_authenticate, auth_realm);
            co_return res;
        }
        if (quirks_.max_concurrent > 0 && in_flight_ > quirks_.max_concurrent) {
            ++counts_["licence_refused"];
            co_return text_response(req, http::status::internal_server_error, std::string(messages::licence));
        }
        co_await session_delays();

        if (quirks_.error != error_mode::none) {
            ++counts_["error_quirk"];
            co_return quirk_error(req);
        }
        reply r = hs ? handle_hs({req.method_string(), path.substr(hs_base.size()), target_query(req.target()), req.body()},
                                 catalog_, orders_, quirks_.nbsp_numbers)
                     : handle_odata({req.method_string(), path.substr(odata_base.size()), target_query(req.target()),
                                     req[http::field::host]},
                                    catalog_);
        ++counts_[r.kind];
        last_activity_ = clock::now();
        co_return finish(req, std::move(r));
    }

    json::value state() const override {
        json::object counts;
        for (const auto& [k, v] : counts_) counts[k] = v;
        return json::object{
            {"orders", orders_.state()},
            {"in_flight", in_flight_},
            {"max_in_flight", max_in_flight_},
            {"requests", std::move(counts)},
            {"status_events", status_events_},
            {"catalog", json::object{{"groups", catalog_.groups().size()},
                                     {"parameters", catalog_.parameters().size()},
                                     {"items", catalog_.items().size()}}},
        };
    }

    void reset() override {
        orders_.clear();
        counts_.clear();
        status_events_.clear();
        max_in_flight_ = in_flight_;
        quirks_ = quirks::defaults();
        last_activity_.reset();
        ready_at_ = {};
    }

    std::optional<std::string> set_quirks(const json::object& changes) override { return quirks_.apply(changes); }
    json::object quirks() const override { return quirks_.to_json(); }
    bool down() const override { return quirks_.down; }

private:
    bool authorized(const request& req) const {
        const auto header = req[http::field::authorization];
        constexpr std::string_view scheme = "basic ";
        if (!starts_with_ci(header, scheme)) return false;
        const auto decoded = base64_decode(header.substr(scheme.size()));
        return decoded && *decoded == std::string(onec_user) + ":" + std::string(onec_password);
    }

    // A cold 1C (no request for idle_s) starts a session first; then every call costs latency_ms.
    asio::awaitable<void> session_delays() {
        const auto now = clock::now();
        if (quirks_.cold_start_ms > 0) {
            const auto idle = std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(quirks_.idle_s));
            if (!last_activity_ || now - *last_activity_ >= idle)
                ready_at_ = std::max(ready_at_, now + std::chrono::milliseconds(quirks_.cold_start_ms));
        }
        last_activity_ = now;
        asio::steady_timer timer(ex_);
        if (ready_at_ > now) {
            timer.expires_at(ready_at_);
            co_await timer.async_wait(token);
        }
        if (quirks_.latency_ms > 0) {
            timer.expires_after(std::chrono::milliseconds(quirks_.latency_ms));
            co_await timer.async_wait(token);
        }
    }

    response quirk_error(const request& req) {
        switch (quirks_.error) {
            case error_mode::text_500:
                return text_response(req, http::status::internal_server_error, std::string(messages::runtime_error));
            case error_mode::error_200:
                return finish(req, {200, json::serialize(json::object{{"success", false}, {"error", messages::error_inside_200}}),
                                    body_format::json, {}});
            case error_mode::xml_406:
                return finish(req, {406, std::string(messages::session_timeout_xml), body_format::xml, {}});
            case error_mode::licence:
            case error_mode::none:
                break;
        }
        return text_response(req, http::status::internal_server_error, std::string(messages::licence));
    }

    // Content type, charset and BOM as the quirks say; the bytes stay UTF-8 whatever the header claims.
    response finish(const request& req, reply r) const {
        std::string type;
        switch (r.format) {
            case body_format::json: type = "application/json"; break;
            case body_format::xml: type = "application/xml"; break;
            case body_format::atom: type = "application/atom+xml"; break;
            case body_format::text: type = "text/plain"; break;
        }
        if (r.format == body_format::text || quirks_.charset == "utf-8") type += "; charset=utf-8";
        else if (quirks_.charset == "windows-1251") type += "; charset=windows-1251";
        std::string body = r.format != body_format::text && quirks_.bom ? std::string(bom) + r.body : std::move(r.body);
        return make_response(req, static_cast<http::status>(r.status), std::move(body), type);
    }

    std::string status_authorization() const {
        auto encoded = base64_encode(quirks_.status_user + ":" + quirks_.status_password);
        if (quirks_.status_auth_crlf) {
            std::string broken;
            for (std::size_t i = 0; i < encoded.size(); i += auth_line_length) {
                if (i > 0) broken += auth_line_break;
                broken += encoded.substr(i, auth_line_length);
            }
            encoded = std::move(broken);
        }
        return "Basic " + encoded;
    }

    asio::awaitable<response> status_event(const request& req) {
        boost::system::error_code ec;
        const auto doc = json::parse(req.body(), ec);
        const auto* o = ec ? nullptr : doc.if_object();
        const auto text_field = [&](std::string_view key) -> std::string {
            const auto* v = o == nullptr ? nullptr : o->if_contains(key);
            return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string{};
        };
        const auto id = text_field("id");
        const auto status = text_field("status");
        auto at = text_field("at");
        if (id.empty() || status.empty())
            co_return json_response(req, http::status::bad_request,
                                    json::object{{"error", "body must be {\"id\",\"status\"[,\"at\"]} with strings"}});
        if (at.empty()) at = utc_now_iso();

        std::string base = proxy_;
        while (!base.empty() && base.back() == '/') base.pop_back();
        outgoing_post post{base + std::string(status_path), status_authorization(),
                           json::serialize(json::object{{"id", id}, {"status", status}, {"at", at}}),
                           quirks_.status_ca_file};
        json::object sent{{"url", post.url}, {"authorization", post.authorization}, {"body", post.body}};
        const auto result = co_await post_json(ex_, post);
        json::object event{{"sent", sent}};
        if (!result.error.empty()) {
            event["error"] = result.error;
            status_events_.push_back(event);
            co_return json_response(req, http::status::bad_gateway, json::object{{"error", result.error}, {"sent", sent}});
        }
        event["status"] = result.status;
        event["body"] = result.body;
        status_events_.push_back(event);
        co_return json_response(req, http::status::ok,
                                json::object{{"status", result.status}, {"body", result.body}, {"sent", sent}});
    }

    asio::any_io_executor ex_;
    std::string proxy_;
    catalog catalog_;
    order_book orders_;
    onec::quirks quirks_ = onec::quirks::defaults();
    std::size_t in_flight_ = 0;
    std::size_t max_in_flight_ = 0;
    std::map<std::string, std::uint64_t> counts_;
    json::array status_events_;
    std::optional<clock::time_point> last_activity_;
    clock::time_point ready_at_{};
};

}  // namespace

std::unique_ptr<emulator> make_onec(const options& opts, asio::any_io_executor ex) {
    return std::make_unique<onec_emulator>(opts, std::move(ex));
}

}  // namespace hs1c::stand
