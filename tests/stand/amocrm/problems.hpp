// amoCRM's error bodies (application/problem+json): generic problems, the 400 `validation-errors`
// shape, and the OAuth server's problems.
#pragma once

#include <boost/json/fwd.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::stand::amo {

struct validation_error {
    std::string code;    // "NotSupportedChoice", "InvalidType", "NotBlank", "NotFound"
    std::string path;    // "custom_fields_values.0.field_id"
    std::string detail;
};

// The errors of one element of a request: `request_id` is its index in a bulk PATCH ("0" for one).
struct request_errors {
    std::size_t request_index;
    std::vector<validation_error> errors;
};

validation_error not_supported_choice(std::string path);
validation_error invalid_type(std::string path);

boost::json::value validation_problem(const std::vector<request_errors>& failed);
boost::json::value problem(unsigned status, std::string_view title, std::string_view detail);
boost::json::value oauth_problem(unsigned status, std::string_view hint);

}  // namespace hs1c::stand::amo
