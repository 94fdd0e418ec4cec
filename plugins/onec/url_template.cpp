#include "plugins/onec/url_template.hpp"

#include "proxy/http/ascii.hpp"
#include "proxy/http/codec.hpp"

#include <algorithm>

namespace hs1c::onec {

namespace {

constexpr std::string_view odata_encoding = "odata";

// Bytes a template may hold literally: RFC 3986 unreserved, sub-delims and the path and query
// punctuation, so OData syntax ($filter, guid'…', like(…)) stays readable on the wire.
bool is_literal_safe(char c)
{
    return http::is_ascii_alpha(c) || http::is_ascii_digit(c) ||
           std::string_view("-._~!$&'()*+,;=:@/?").find(c) != std::string_view::npos;
}

bool is_name_char(char c) { return http::is_ascii_alpha(c) || http::is_ascii_digit(c) || c == '_'; }

struct segment {
    bool is_placeholder = false;
    std::string_view text;      // literal bytes, or the placeholder's name
    std::string_view encoding;  // "" or "odata"
};

void report(std::string* problem, std::string message)
{
    if (problem != nullptr) {
        *problem = std::move(message);
    }
}

// The template cut into literal runs and placeholders; nullopt (with *problem) when malformed.
std::optional<std::vector<segment>> parse(std::string_view tmpl, std::string* problem)
{
    std::vector<segment> out;
    std::size_t literal_start = 0;
    auto flush_literal = [&](std::size_t end) {
        if (end > literal_start) {
            out.push_back({false, tmpl.substr(literal_start, end - literal_start), {}});
        }
    };
    std::size_t i = 0;
    while (i < tmpl.size()) {
        const char c = tmpl[i];
        if (c != '{' && c != '}') {
            ++i;
            continue;
        }
        flush_literal(i);
        if (i + 1 < tmpl.size() && tmpl[i + 1] == c) {
            out.push_back({false, tmpl.substr(i, 1), {}});  // "{{" or "}}": one literal brace
            i += 2;
            literal_start = i;
            continue;
        }
        if (c == '}') {
            report(problem, "unbalanced '}' at offset " + std::to_string(i));
            return std::nullopt;
        }
        const auto close = tmpl.find_first_of("{}", i + 1);
        if (close == std::string_view::npos || tmpl[close] != '}') {
            report(problem, "unbalanced '{' at offset " + std::to_string(i));
            return std::nullopt;
        }
        const auto inside = tmpl.substr(i + 1, close - i - 1);
        const auto colon = inside.find(':');
        const auto name = inside.substr(0, colon);
        const auto encoding = colon == std::string_view::npos ? std::string_view{} : inside.substr(colon + 1);
        if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
            report(problem, "bad placeholder name in {" + std::string(inside) + "}");
            return std::nullopt;
        }
        if (colon != std::string_view::npos && encoding != odata_encoding) {
            report(problem, "unknown encoding '" + std::string(encoding) + "' in {" + std::string(inside) + "}");
            return std::nullopt;
        }
        out.push_back({true, name, encoding});
        i = close + 1;
        literal_start = i;
    }
    flush_literal(tmpl.size());
    return out;
}

void append_literal(std::string& out, std::string_view text)
{
    for (const char c : text) {
        if (is_literal_safe(c)) {
            out += c;
        } else {
            out += http::percent_encode(std::string_view(&c, 1));
        }
    }
}

// An OData string literal's body: each quote doubled, so the value cannot close the literal.
std::string odata_literal(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> expand_template(std::string_view tmpl, const template_vars& vars, std::string* problem)
{
    const auto segments = parse(tmpl, problem);
    if (!segments) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(tmpl.size());
    for (const auto& s : *segments) {
        if (!s.is_placeholder) {
            append_literal(out, s.text);
            continue;
        }
        const auto var = std::find_if(vars.begin(), vars.end(), [&](const auto& v) { return v.first == s.text; });
        if (var == vars.end()) {
            report(problem, "unknown placeholder {" + std::string(s.text) + "}");
            return std::nullopt;
        }
        if (s.encoding == odata_encoding) {
            out += http::percent_encode(odata_literal(var->second));
        } else {
            out += http::percent_encode(var->second);
        }
    }
    return out;
}

std::optional<std::vector<std::string>> template_placeholders(std::string_view tmpl, std::string* problem)
{
    const auto segments = parse(tmpl, problem);
    if (!segments) {
        return std::nullopt;
    }
    std::vector<std::string> names;
    for (const auto& s : *segments) {
        if (s.is_placeholder) {
            names.emplace_back(s.text);
        }
    }
    return names;
}

}  // namespace hs1c::onec
