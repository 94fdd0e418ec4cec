#include "plugins/amocrm/decode.hpp"

#include <boost/json/parse.hpp>

#include <string>

namespace hs1c::amocrm {

namespace {

namespace json = boost::json;

constexpr std::string_view bom = "\xEF\xBB\xBF";
constexpr std::string_view ascii_space = " \t\r\n";
constexpr std::string_view unsorted_code = "NotSupportedChoice";
constexpr std::string_view unsorted_path = "status_id";
constexpr unsigned no_content = 204;
constexpr unsigned bad_request = 400;
constexpr unsigned unauthorised = 401;
constexpr unsigned forbidden = 403;
constexpr unsigned not_found = 404;
constexpr unsigned too_many_requests = 429;

bool is_success(unsigned status) { return status >= 200 && status < 300; }
bool is_client_error(unsigned status) { return status >= 400 && status < 500; }

const json::object* as_object(std::string_view body, json::value& holder) {
    const auto text = trim_body(body);
    if (!text.starts_with('{')) return nullptr;
    boost::system::error_code ec;
    holder = json::parse(text, ec);
    return ec ? nullptr : holder.if_object();
}

std::string string_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

failure make_failure(failure_kind kind, bool retryable, unsigned status, std::string_view message) {
    return failure{kind, retryable, status, std::string(cut_utf8(message, failure_message_bytes)), {}, {}};
}

// The first error of "validation-errors": [{"request_id", "errors": [{"code","path","detail"}]}].
const json::object* first_validation_error(const json::object& problem) {
    const auto* groups = problem.if_contains("validation-errors");
    if (!groups || !groups->is_array()) return nullptr;
    for (const auto& g : groups->get_array()) {
        const auto* group = g.if_object();
        const auto* errors = group ? group->if_contains("errors") : nullptr;
        if (!errors || !errors->is_array()) continue;
        for (const auto& e : errors->get_array())
            if (const auto* err = e.if_object()) return err;
    }
    return nullptr;
}

failure bad_request_failure(std::string_view body) {
    json::value holder;
    const auto* problem = as_object(body, holder);
    if (!problem) return make_failure(failure_kind::rejected, false, bad_request, "400 without a problem body");
    const auto* err = first_validation_error(*problem);
    if (!err) return make_failure(failure_kind::rejected, false, bad_request, problem_text(body));
    auto f = make_failure(failure_kind::rejected, false, bad_request, string_at(*err, "detail"));
    f.code = string_at(*err, "code");
    f.path = string_at(*err, "path");
    if (f.code == unsorted_code && f.path == unsorted_path) f.kind = failure_kind::unsorted;
    if (f.message.empty()) f.message = problem_text(body);
    return f;
}

}  // namespace

std::string_view trim_body(std::string_view body) {
    if (body.starts_with(bom)) body.remove_prefix(bom.size());
    const auto first = body.find_first_not_of(ascii_space);
    if (first == std::string_view::npos) return {};
    const auto last = body.find_last_not_of(ascii_space);
    return body.substr(first, last - first + 1);
}

std::string_view cut_utf8(std::string_view text, std::size_t bytes) {
    if (text.size() <= bytes) return text;
    auto end = bytes;
    // Step back over continuation bytes so the cut lands before a lead byte.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

bool is_block_page(unsigned status, std::string_view body) {
    if (status != forbidden) return false;
    json::value holder;
    return as_object(body, holder) == nullptr;
}

std::string problem_text(std::string_view body) {
    json::value holder;
    const auto* problem = as_object(body, holder);
    if (!problem) return {};
    for (const auto* key : {"detail", "hint", "title"}) {
        auto text = string_at(*problem, key);
        if (!text.empty()) return std::string(cut_utf8(text, failure_message_bytes));
    }
    return {};
}

result<json::value> decode_answer(unsigned status, std::string_view body) {
    using value_result = result<json::value>;
    if (is_success(status)) {
        const auto text = trim_body(body);
        if (status == no_content || text.empty()) return value_result::ok(nullptr);
        boost::system::error_code ec;
        auto doc = json::parse(text, ec);
        if (ec)
            return value_result::fail(
                make_failure(failure_kind::unavailable, true, status, "a success answer that is not JSON"));
        return value_result::ok(std::move(doc));
    }
    const auto status_text = std::to_string(status);
    switch (status) {
        case too_many_requests:
            return value_result::fail(make_failure(failure_kind::throttled, true, status, "429 Too Many Requests"));
        case forbidden:
            if (is_block_page(status, body))
                return value_result::fail(
                    make_failure(failure_kind::banned, true, status, "the account is blocked (an HTML 403)"));
            return value_result::fail(make_failure(failure_kind::rejected, false, status, problem_text(body)));
        case unauthorised:
            return value_result::fail(make_failure(failure_kind::unauthorized, false, status, problem_text(body)));
        case bad_request:
            return value_result::fail(bad_request_failure(body));
        case not_found:
            return value_result::fail(make_failure(failure_kind::not_found, false, status, "404 Not Found"));
        default:
            break;
    }
    if (is_client_error(status)) {
        auto text = problem_text(body);
        return value_result::fail(make_failure(failure_kind::rejected, false, status,
                                               text.empty() ? "amoCRM answered " + status_text : text));
    }
    return value_result::fail(make_failure(failure_kind::unavailable, true, status, "amoCRM answered " + status_text));
}

}  // namespace hs1c::amocrm
