// The emulated deal card `/leads/detail/{id}`: the deal on the left and the widget panel on the right,
// whose runtime (assets/card.js) loads the widget package.
#pragma once

#include "tests/stand/amocrm/account.hpp"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>

namespace hs1c::stand::amo {

struct card_view {
    std::int64_t id;              // 0: a deal not saved yet
    const lead* deal;             // null for id 0
    bool widget;                  // a --widget folder was given
    bool widget_style;            // ... and has style.css
    bool jquery;                  // jQuery was found and is served
    const boost::json::object& settings;  // the widget's settings (POST /_stand/widget/settings)
    const std::string& base_url;
};

std::string render_card_page(const account& a, const card_view& view);
std::string render_missing_card_page(std::int64_t id);

}  // namespace hs1c::stand::amo
