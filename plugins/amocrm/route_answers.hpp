// What the amoCRM routes answer with: a lead and a failure as JSON (with the HTTP status that fits
// the failure), so that operations and tests see exactly what the gateway saw, and the small page
// of the OAuth callback. Pure.
#pragma once

#include "plugins/amocrm/types.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace hs1c::amocrm {

// {"id","name","pipeline_id","status_id","fields":{"<field id>":["value",…]}}
boost::json::object lead_json(const lead& l);

// {"error":{"code":<kind>,"message":<amoCRM's or our text>,"retryable","status","amo_code","amo_path"}}
boost::json::object failure_json(const failure& f);

// not_found 404, rejected 422, unsorted 409, unauthorized/banned/throttled 503, unavailable 502.
unsigned http_status_for(const failure& f);

// A whole UTF-8 HTML page showing `message` (escaped) under the title.
std::string html_page(std::string_view title, std::string_view message);

}  // namespace hs1c::amocrm
