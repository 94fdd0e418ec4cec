// The amoCRM emulator: API v4 leads, fields and pipelines, OAuth, the request limit and ban, and the
// deal card with its widget runtime. Routes: api_routes.cpp (what amoCRM serves) and card_routes.cpp.
#pragma once

#include "tests/stand/amocrm/account.hpp"
#include "tests/stand/amocrm/oauth.hpp"
#include "tests/stand/amocrm/rate_limiter.hpp"
#include "tests/stand/amocrm/widget_files.hpp"
#include "tests/stand/common/emulator.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace hs1c::stand::amo {

struct quirk_values {
    static constexpr std::int64_t default_token_ttl_s = 86400;

    std::int64_t token_ttl_s = default_token_ttl_s;
    std::int64_t latency_ms = 0;
    bool down = false;
};

class amocrm final : public emulator {
public:
    amocrm(const options& opts, boost::asio::any_io_executor ex);

    std::string_view name() const override { return "amocrm"; }
    boost::asio::awaitable<response> handle(request& req, const exchange_info& info) override;
    boost::json::value state() const override;
    void reset() override;
    std::optional<std::string> set_quirks(const boost::json::object& given) override;
    boost::json::object quirks() const override;
    bool down() const override { return quirks_.down; }

private:
    static std::string base_url(const request& req, const exchange_info& info);
    // Bearer check, then the limit of the token's integration: the refusal, if any.
    std::optional<response> admit(const request& req);

    response api_route(const request& req, const std::string& path);
    response list_leads(const request& req);
    response patch_one(const request& req, std::int64_t id);
    response patch_many(const request& req);
    boost::json::object patched_summary(const lead& l) const;
    response oauth_route(const request& req);

    response card_route(const request& req, std::string_view id_text);
    response control(const request& req, const std::string& path);

    boost::asio::any_io_executor executor_;
    account account_;
    oauth_server oauth_;
    rate_limiter limiter_;
    quirk_values quirks_;
    boost::json::object settings_;  // the widget's, from POST /_stand/widget/settings
    widget_folder widget_;
    std::optional<std::string> jquery_;
    std::mt19937_64 random_;
    std::string base_url_;  // of the last request: links in GET /_stand/state
};

}  // namespace hs1c::stand::amo
