// What the 1C gateway hands to features: catalogue items, named parameters and values, orders, and
// the typed failure of a call. Plain types only; nothing here knows HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hs1c::onec {

struct item {
    std::string id;
    std::string name;
    std::string code;  // "" when 1C sent none
    std::string unit;  // "" when 1C sent none
};

// A parameter of an item or an allowed value of a parameter.
struct named {
    std::string id;
    std::string name;
};

struct search_page {
    std::vector<item> items;
    bool more = false;  // 1C has more matches than the limit
};

// A fixed-point number with four decimals: money and quantities from 1C without binary rounding.
struct decimal {
    std::int64_t ten_thousandths = 0;

    double to_double() const { return static_cast<double>(ten_thousandths) / 10'000.0; }
    friend bool operator==(decimal, decimal) = default;
};

struct order_line {
    std::string name;
    std::string parameter;  // "" when none
    std::string value;      // "" when none
    std::string unit;
    std::optional<decimal> quantity;
    std::optional<decimal> price;
    std::optional<decimal> sum;
};

struct order {
    std::string id;
    std::string number;
    std::optional<std::string> date;        // absent when 1C sent "" or 0001-01-01T00:00:00
    std::string status;
    std::vector<order_line> items;
    std::optional<decimal> total;
    std::optional<std::string> paid_at;     // absent when empty
    std::optional<std::string> manager_id;  // absent when the empty reference
};

struct created_order {
    std::string id;      // 1C's reference of the order
    std::string number;  // as people see it: "ЗК-000123"
};

enum class failure_kind {
    unavailable,  // transport error, timeout, 1C session error (the 406 XML), breaker open
    busy,         // no licence: our queue is full or its wait deadline passed, or 1C said so
    error,        // 1C answered with an error (500 text or HTML, odata.error, 200 with an error object)
    bad_answer,   // a 2xx whose body is not JSON or not the mapped shape
    not_found,    // 404: the item, parameter or order does not exist
    rejected,     // another 4xx (401/403 credentials, 400 bad request): a configuration problem
};

struct failure {
    failure_kind kind = failure_kind::error;
    bool retryable = false;     // repeating an idempotent read may succeed
    unsigned status = 0;        // HTTP status 1C answered with; 0 when there was no answer
    std::string message;        // 1C's own text (or the transport error), trimmed; for logs
    bool message_is_public = false;  // a structured 1C message (odata.error, error object) that may
                                     // be shown to the client as a detail; raw bodies never are
};

// Either a value or the failure that prevented it.
template <class T>
struct result {
    std::optional<T> value;
    failure error;

    static result ok(T v) { return result{std::move(v), {}}; }
    static result fail(failure f) { return result{std::nullopt, std::move(f)}; }
    bool has_value() const { return value.has_value(); }
};

}  // namespace hs1c::onec
