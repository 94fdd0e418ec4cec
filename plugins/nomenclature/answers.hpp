// The nomenclature API's answers as JSON (DESIGN §7) and the mapping of 1C failures to HTTP errors
// with Russian messages. Pure: tested without sockets.
#pragma once

#include "plugins/nomenclature/served.hpp"
#include "plugins/onec/types.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace hs1c::nomenclature {

// {"items":[{"id","name","code","unit"}],"more","stale"} (+ "superseded": true when so).
boost::json::object search_json(const served& s);
// {"<list_name>":[{"id","name"}],"stale"}.
boost::json::object list_json(std::string_view list_name, const served& s);

struct error_reply {
    boost::beast::http::status status;
    std::string code;
    std::string message;  // Russian, for the operator
    std::string detail;   // 1C's own structured message when it may be shown; "" otherwise
    std::optional<std::chrono::seconds> retry_after;
};

error_reply error_for(const onec::failure& f);
// {"error":{"code","message"[,"detail"]}}
boost::json::object error_json(const error_reply& e);

}  // namespace hs1c::nomenclature
