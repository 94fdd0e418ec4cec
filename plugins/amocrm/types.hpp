// What the amoCRM gateway hands to features: leads, the typed failure of a call and the state of the
// connection to the account. Plain types only; nothing here knows HTTP.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hs1c::amocrm {

struct lead {
    std::int64_t id = 0;
    std::string name;
    std::int64_t pipeline_id = 0;
    std::int64_t status_id = 0;
    std::map<std::int64_t, std::vector<std::string>> fields;  // custom field id → values as text
};

enum class failure_kind {
    unavailable,   // transport error, timeout, 5xx, a body that is not what was asked for
    throttled,     // 429 still after the allowed retries
    banned,        // the HTML 403 of a blocked account: nothing is sent until unbanned
    unauthorized,  // 401 on the API, or the integration needs a human to authorise it again
    rejected,      // 400 with validation errors, a name missing in amoCRM, another 4xx
    unsorted,      // the 400 on status_id of a lead still in «Неразобранное»
    not_found,     // 404
};

struct failure {
    failure_kind kind = failure_kind::unavailable;
    bool retryable = false;  // the same work may succeed later without a human
    unsigned status = 0;     // HTTP status amoCRM answered with; 0 when nothing was answered
    std::string message;     // for logs, no secrets
    std::string code;        // from validation-errors when present ("NotSupportedChoice")
    std::string path;        // from validation-errors when present ("custom_fields_values.0.field_id")
};

// Either a value or the failure that prevented it.
template <class T>
struct result {
    std::optional<T> value;
    failure error;

    bool has_value() const { return value.has_value(); }
    static result ok(T v) { return result{std::move(v), {}}; }
    static result fail(failure f) { return result{std::nullopt, std::move(f)}; }
};

struct done {};

enum class auth_state { ready, needs_authorisation, banned, resolving };

// Metric labels and JSON values: stable English words.
constexpr std::string_view to_string(failure_kind k) {
    switch (k) {
        case failure_kind::unavailable:
            return "unavailable";
        case failure_kind::throttled:
            return "throttled";
        case failure_kind::banned:
            return "banned";
        case failure_kind::unauthorized:
            return "unauthorized";
        case failure_kind::rejected:
            return "rejected";
        case failure_kind::unsorted:
            return "unsorted";
        case failure_kind::not_found:
            return "not_found";
    }
    return "unavailable";
}

constexpr std::string_view to_string(auth_state s) {
    switch (s) {
        case auth_state::ready:
            return "ready";
        case auth_state::needs_authorisation:
            return "needs_authorisation";
        case auth_state::banned:
            return "banned";
        case auth_state::resolving:
            return "resolving";
    }
    return "resolving";
}

}  // namespace hs1c::amocrm
