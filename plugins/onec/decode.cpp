#include "plugins/onec/decode.hpp"

#include "proxy/http/ascii.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

namespace hs1c::onec {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view nbsp = "\xC2\xA0";
constexpr std::string_view narrow_nbsp = "\xE2\x80\xAF";

constexpr std::int64_t decimal_scale = 10'000;
constexpr int decimal_places = 4;
constexpr int rounding_digit = 5;  // the first dropped digit from which we round away from zero
constexpr int decimal_base = 10;

// Enough for the longest shortest-round-trip fixed notation of a double (about 330 characters).
constexpr std::size_t double_text_capacity = 512;

constexpr unsigned status_ok_first = 200;
constexpr unsigned status_redirect_first = 300;
constexpr unsigned status_server_error_first = 500;
constexpr unsigned status_past_last = 600;
constexpr unsigned status_not_found = 404;
constexpr unsigned status_not_acceptable = 406;  // 1C's web-server extension: the session expired
constexpr unsigned status_bad_gateway = 502;
constexpr unsigned status_service_unavailable = 503;
constexpr unsigned status_gateway_timeout = 504;

constexpr std::string_view session_reason = "406";

// How 1C says it ran out of licences; it writes the word capitalised or not, and in English builds.
constexpr std::array<std::string_view, 5> licence_words = {"лицензи", "Лицензи", "ЛИЦЕНЗИ", "licens", "licenc"};

constexpr unsigned char utf8_continuation_mask = 0xC0;
constexpr unsigned char utf8_continuation_bits = 0x80;
constexpr std::size_t utf8_max_sequence = 4;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Length of the group separator at the start of `s` (space, NBSP, narrow NBSP), 0 when none.
std::size_t separator_length(std::string_view s)
{
    if (s.starts_with(' ')) {
        return 1;
    }
    if (s.starts_with(nbsp)) {
        return nbsp.size();
    }
    if (s.starts_with(narrow_nbsp)) {
        return narrow_nbsp.size();
    }
    return 0;
}

// Adds `digit` to `magnitude * 10`; false on overflow of the int64 range.
bool push_digit(std::uint64_t& magnitude, int digit)
{
    constexpr auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (magnitude > (limit - static_cast<std::uint64_t>(digit)) / decimal_base) {
        return false;
    }
    magnitude = magnitude * decimal_base + static_cast<std::uint64_t>(digit);
    return true;
}

// Where a UTF-8 cut at `limit` is safe: moved back before a sequence the cut would split. Invalid
// bytes are left as they are, so the cut never moves more than one sequence back.
std::size_t code_point_boundary(std::string_view s, std::size_t limit)
{
    if (limit >= s.size()) {
        return s.size();
    }
    for (std::size_t back = 0; back < utf8_max_sequence && back < limit; ++back) {
        const std::size_t pos = limit - back;
        const auto byte = static_cast<unsigned char>(s[pos]);
        if ((byte & utf8_continuation_mask) != utf8_continuation_bits) {
            return pos;
        }
    }
    return limit;
}

// Runs of whitespace become one space, ends trimmed, then the text cut to the message budget.
std::string fold_and_cut(std::string_view text)
{
    std::string out;
    out.reserve(std::min(text.size(), failure_message_bytes + utf8_max_sequence));
    bool pending_space = false;
    for (const char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
        if (out.size() > failure_message_bytes + utf8_max_sequence) {
            break;
        }
    }
    out.resize(code_point_boundary(out, failure_message_bytes));
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

// Markup text with its named character references resolved; numeric and unknown ones are kept
// verbatim (the text only goes to logs).
std::string decode_references(std::string_view text)
{
    constexpr std::size_t longest_reference = 10;
    struct named_reference {
        std::string_view name;
        std::string_view text;
    };
    // XML's own five, and the ones Russian error pages use most.
    static constexpr std::array<named_reference, 8> named = {{{"lt", "<"},
                                                              {"gt", ">"},
                                                              {"amp", "&"},
                                                              {"quot", "\""},
                                                              {"apos", "'"},
                                                              {"nbsp", nbsp},
                                                              {"laquo", "«"},
                                                              {"raquo", "»"}}};
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto semicolon = text[i] == '&' ? text.substr(i, longest_reference).find(';') : std::string_view::npos;
        if (semicolon == std::string_view::npos) {
            out += text[i++];
            continue;
        }
        const auto body = text.substr(i + 1, semicolon - 1);
        const auto known = std::find_if(named.begin(), named.end(), [&](const auto& r) { return r.name == body; });
        if (known != named.end()) {
            out += known->text;
            i += semicolon + 1;
        } else {
            out += text[i++];
        }
    }
    return out;
}

// The visible text of an HTML or XML body: tags, comments, scripts and styles dropped, each tag
// read as a space so words in adjacent cells do not run together.
std::string markup_text(std::string_view body)
{
    std::string text;
    text.reserve(body.size());
    std::size_t i = 0;
    while (i < body.size()) {
        if (body[i] != '<') {
            text += body[i++];
            continue;
        }
        const auto rest = body.substr(i);
        if (rest.starts_with("<!--")) {
            const auto end = body.find("-->", i);
            i = end == std::string_view::npos ? body.size() : end + std::string_view("-->").size();
        } else if (http::istarts_with(rest, "<script") || http::istarts_with(rest, "<style")) {
            const std::string_view closing = http::istarts_with(rest, "<script") ? "</script" : "</style";
            const auto end = http::ifind(rest, closing);
            const auto tag_end = end == std::string_view::npos ? std::string_view::npos : body.find('>', i + end);
            i = tag_end == std::string_view::npos ? body.size() : tag_end + 1;
        } else {
            const auto end = body.find('>', i);
            i = end == std::string_view::npos ? body.size() : end + 1;
        }
        text += ' ';
    }
    return decode_references(text);
}

// The text between <descr ...> and </descr> of the web-server extension's XML, if any.
std::optional<std::string_view> xml_descr(std::string_view body)
{
    auto open = body.find("<descr");
    while (open != std::string_view::npos) {
        const auto after_name = open + std::string_view("<descr").size();
        if (after_name < body.size() && (body[after_name] == '>' || is_space(body[after_name]))) {
            break;
        }
        open = body.find("<descr", after_name);
    }
    if (open == std::string_view::npos) {
        return std::nullopt;
    }
    const auto start = body.find('>', open);
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    const auto end = body.find("</descr>", start);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    return body.substr(start + 1, end - start - 1);
}

// The value of the `reason` attribute of an <exception> element, if the body is one.
std::optional<std::string_view> xml_exception_reason(std::string_view body)
{
    const auto element = body.find("<exception");
    if (element == std::string_view::npos) {
        return std::nullopt;
    }
    const auto tag_end = body.find('>', element);
    const auto tag = body.substr(element, tag_end == std::string_view::npos ? body.size() - element : tag_end - element);
    constexpr std::string_view attribute = "reason=";
    auto at = tag.find(attribute);
    while (at != std::string_view::npos && at > 0 && !is_space(tag[at - 1])) {
        at = tag.find(attribute, at + 1);
    }
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    auto value = tag.substr(at + attribute.size());
    if (value.empty() || (value.front() != '"' && value.front() != '\'')) {
        return std::nullopt;
    }
    const char quote = value.front();
    value.remove_prefix(1);
    const auto close = value.find(quote);
    if (close == std::string_view::npos) {
        return std::nullopt;
    }
    return value.substr(0, close);
}

bool looks_like_markup(std::string_view body)
{
    const auto first = body.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && body[first] == '<';
}

// A message 1C put in a JSON error: odata.error/message/value, or "error"/"message" strings.
std::optional<std::string_view> structured_message(const boost::json::object& obj)
{
    if (const auto* odata = obj.if_contains("odata.error")) {
        if (const auto* error = odata->if_object()) {
            if (const auto* message = error->if_contains("message")) {
                if (const auto* text = message->if_string()) {
                    return std::string_view(*text);
                }
                if (const auto* inner = message->if_object()) {
                    if (const auto* value = inner->if_contains("value"); value && value->is_string()) {
                        return std::string_view(value->get_string());
                    }
                }
            }
        }
        return std::nullopt;
    }
    for (const std::string_view key : {"error", "message"}) {
        if (const auto* value = obj.if_contains(key); value && value->is_string()) {
            return std::string_view(value->get_string());
        }
    }
    return std::nullopt;
}

// Whether a 2xx JSON object is 1C reporting an error rather than answering.
bool is_error_object(const boost::json::object& obj)
{
    if (obj.contains("odata.error")) {
        return true;
    }
    const auto* success = obj.if_contains("success");
    return success != nullptr && success->is_bool() && !success->get_bool();
}

bool mentions_licences(std::string_view text)
{
    for (const auto word : licence_words) {
        if (http::ifind(text, word) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

struct answer_text {
    std::string message;
    bool is_public = false;
};

// 1C's message, from whichever form the body has.
answer_text read_message(std::string_view body, const boost::json::value* json)
{
    if (json != nullptr) {
        if (const auto* obj = json->if_object()) {
            if (const auto message = structured_message(*obj)) {
                return {fold_and_cut(*message), true};
            }
        }
        return {fold_and_cut(body), false};
    }
    if (const auto descr = xml_descr(body)) {
        return {fold_and_cut(decode_references(*descr)), false};
    }
    if (looks_like_markup(body)) {
        return {fold_and_cut(markup_text(body)), false};
    }
    return {fold_and_cut(body), false};
}

result<boost::json::value> fail(failure_kind kind, bool retryable, unsigned status, answer_text text)
{
    return result<boost::json::value>::fail(
        failure{kind, retryable, status, std::move(text.message), text.is_public});
}

}  // namespace

std::string_view strip_bom(std::string_view body)
{
    if (body.starts_with(utf8_bom)) {
        body.remove_prefix(utf8_bom.size());
    }
    return body;
}

std::optional<decimal> parse_decimal(std::string_view text)
{
    bool negative = false;
    if (text.starts_with('-')) {
        negative = true;
        text.remove_prefix(1);
    }
    // Integer part: digits, with group separators allowed only between two digits.
    std::uint64_t magnitude = 0;
    std::size_t i = 0;
    std::size_t integer_digits = 0;
    while (i < text.size()) {
        if (is_digit(text[i])) {
            if (!push_digit(magnitude, text[i] - '0')) {
                return std::nullopt;
            }
            ++integer_digits;
            ++i;
            continue;
        }
        const auto separator = separator_length(text.substr(i));
        if (separator == 0) {
            break;
        }
        if (integer_digits == 0 || i + separator >= text.size() || !is_digit(text[i + separator])) {
            return std::nullopt;
        }
        i += separator;
    }
    if (integer_digits == 0) {
        return std::nullopt;
    }
    // Fraction: four digits kept, the fifth decides rounding, the rest only need to be digits.
    int kept = 0;
    bool round_up = false;
    if (i < text.size() && (text[i] == ',' || text[i] == '.')) {
        ++i;
        for (; i < text.size() && is_digit(text[i]); ++i) {
            const int digit = text[i] - '0';
            if (kept < decimal_places) {
                if (!push_digit(magnitude, digit)) {
                    return std::nullopt;
                }
                ++kept;
            } else if (kept == decimal_places) {
                round_up = digit >= rounding_digit;
                ++kept;
            }
        }
    }
    if (i != text.size()) {
        return std::nullopt;  // a second point ("1,2,3" or "1.234,5"), an exponent, a sign, letters
    }
    for (; kept < decimal_places; ++kept) {
        if (!push_digit(magnitude, 0)) {
            return std::nullopt;
        }
    }
    if (round_up) {
        if (magnitude == static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        ++magnitude;
    }
    const auto value = static_cast<std::int64_t>(magnitude);
    return decimal{negative ? -value : value};
}

std::optional<decimal> read_decimal(const boost::json::value& v)
{
    constexpr auto max_units = std::numeric_limits<std::int64_t>::max() / decimal_scale;
    if (const auto* n = v.if_int64()) {
        if (*n > max_units || *n < -max_units) {
            return std::nullopt;
        }
        return decimal{*n * decimal_scale};
    }
    if (const auto* n = v.if_uint64()) {
        if (*n > static_cast<std::uint64_t>(max_units)) {
            return std::nullopt;
        }
        return decimal{static_cast<std::int64_t>(*n) * decimal_scale};
    }
    if (const auto* d = v.if_double()) {
        // The shortest text that reads back as this double: 0.1 is "0.1", not 0.1000000000000000055…
        std::array<char, double_text_capacity> buffer{};
        const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *d, std::chars_format::fixed);
        if (ec != std::errc{}) {
            return std::nullopt;
        }
        return parse_decimal(std::string_view(buffer.data(), static_cast<std::size_t>(end - buffer.data())));
    }
    if (const auto* s = v.if_string()) {
        return parse_decimal(*s);
    }
    return std::nullopt;
}

bool is_empty_ref(std::string_view s) { return s.empty() || s == empty_ref; }

bool is_empty_date(std::string_view s)
{
    if (s.empty()) {
        return true;
    }
    if (s.ends_with('Z')) {
        s.remove_suffix(1);
    }
    return s == empty_date;
}

result<boost::json::value> decode_answer(unsigned status, std::string_view body)
{
    body = strip_bom(body);
    boost::system::error_code ec;
    auto parsed = boost::json::parse(body, ec);
    const boost::json::value* json = ec ? nullptr : &parsed;
    const auto* object = json != nullptr ? json->if_object() : nullptr;

    if (status == status_not_found) {
        return fail(failure_kind::not_found, false, status, read_message(body, json));
    }
    if (status == status_not_acceptable || (json == nullptr && xml_exception_reason(body) == session_reason)) {
        return fail(failure_kind::unavailable, true, status, read_message(body, json));
    }
    if (status >= status_ok_first && status < status_redirect_first) {
        if (json == nullptr) {
            return fail(failure_kind::bad_answer, false, status, read_message(body, nullptr));
        }
        if (object != nullptr && is_error_object(*object)) {
            return fail(failure_kind::error, false, status, read_message(body, json));
        }
        return result<boost::json::value>::ok(std::move(parsed));
    }
    auto text = read_message(body, json);
    if (status >= status_server_error_first && status < status_past_last && mentions_licences(body)) {
        return fail(failure_kind::busy, true, status, std::move(text));
    }
    if (object != nullptr && object->contains("odata.error")) {
        return fail(failure_kind::error, false, status, std::move(text));
    }
    if (status == status_bad_gateway || status == status_service_unavailable || status == status_gateway_timeout) {
        return fail(failure_kind::unavailable, true, status, std::move(text));
    }
    if (status >= status_server_error_first && status < status_past_last) {
        return fail(failure_kind::error, false, status, std::move(text));
    }
    // A redirect means the base URL or the publication is wrong: as much a configuration problem as a 4xx.
    if (status >= status_redirect_first && status < status_server_error_first) {
        return fail(failure_kind::rejected, false, status, std::move(text));
    }
    return fail(failure_kind::bad_answer, false, status, std::move(text));
}

}  // namespace hs1c::onec
