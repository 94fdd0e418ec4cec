#include "tests/stand/amocrm/answers.hpp"

#include "tests/stand/amocrm/problems.hpp"
#include "tests/stand/common/responses.hpp"

#include <boost/json/value.hpp>

#include <charconv>
#include <chrono>

namespace hs1c::stand::amo {

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

response hal(const request& req, const boost::json::value& body) {
    return json_response(req, http::status::ok, body, hal_json);
}

response problem_response(const request& req, http::status status, std::string_view title, std::string_view detail) {
    return json_response(req, status, problem(static_cast<unsigned>(status), title, detail), problem_json);
}

response not_found(const request& req) {
    return problem_response(req, http::status::not_found, "Not Found", "Not Found");
}

response method_not_allowed(const request& req) {
    return problem_response(req, http::status::method_not_allowed, "Method Not Allowed", "Method Not Allowed");
}

response bad_request(const request& req, std::string_view detail) {
    return problem_response(req, http::status::bad_request, "Bad Request", detail);
}

}  // namespace hs1c::stand::amo
