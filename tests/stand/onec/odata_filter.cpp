#include "tests/stand/onec/odata_filter.hpp"

#include "tests/stand/onec/text.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>

namespace hs1c::stand::onec {

namespace {

// A cursor over the expression; each method consumes what it matched or leaves the position alone.
class cursor {
public:
    explicit cursor(std::string_view s) : s_(s) {}

    void skip_spaces() {
        while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
    }
    bool at_end() {
        skip_spaces();
        return pos_ == s_.size();
    }
    bool literal(std::string_view word) {
        skip_spaces();
        if (s_.substr(pos_).starts_with(word)) {
            pos_ += word.size();
            return true;
        }
        return false;
    }
    // A keyword that must be followed by a space (or the end): "and", "eq".
    bool keyword(std::string_view word) {
        skip_spaces();
        const auto rest = s_.substr(pos_);
        if (!rest.starts_with(word)) return false;
        if (rest.size() > word.size() && rest[word.size()] != ' ' && rest[word.size()] != '\'') return false;
        pos_ += word.size();
        return true;
    }
    std::optional<std::string> identifier() {
        skip_spaces();
        const auto start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' ||
                                    static_cast<unsigned char>(s_[pos_]) >= 0x80))
            ++pos_;
        if (pos_ == start) return std::nullopt;
        return std::string(s_.substr(start, pos_ - start));
    }
    // 'text' with '' standing for one quote.
    std::optional<std::string> string_literal() {
        skip_spaces();
        if (pos_ >= s_.size() || s_[pos_] != '\'') return std::nullopt;
        std::string out;
        for (std::size_t i = pos_ + 1; i < s_.size(); ++i) {
            if (s_[i] != '\'') {
                out += s_[i];
                continue;
            }
            if (i + 1 < s_.size() && s_[i + 1] == '\'') {
                out += '\'';
                ++i;
                continue;
            }
            pos_ = i + 1;
            return out;
        }
        return std::nullopt;
    }

private:
    std::string_view s_;
    std::size_t pos_ = 0;
};

bool listed(const std::vector<std::string_view>& fields, std::string_view name) {
    return std::find(fields.begin(), fields.end(), name) != fields.end();
}

constexpr std::size_t guid_length = 36;

bool is_guid(std::string_view s) {
    if (s.size() != guid_length) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

std::optional<filter_term> parse_term(cursor& c, const filter_schema& schema) {
    if (c.literal("like(")) {
        const auto field = c.identifier();
        if (!field || !listed(schema.text_fields, *field) || !c.literal(",")) return std::nullopt;
        const auto pattern = c.string_literal();
        if (!pattern || !c.literal(")")) return std::nullopt;
        return filter_term{filter_term::op::like, *field, fold_case(*pattern)};
    }
    if (c.literal("substringof(")) {
        const auto text = c.string_literal();
        if (!text || !c.literal(",")) return std::nullopt;
        const auto field = c.identifier();
        if (!field || !listed(schema.text_fields, *field) || !c.literal(")")) return std::nullopt;
        return filter_term{filter_term::op::substringof, *field, fold_case(*text)};
    }
    const auto field = c.identifier();
    if (!field || !c.keyword("eq")) return std::nullopt;
    if (listed(schema.bool_fields, *field)) {
        if (c.keyword("true")) return filter_term{filter_term::op::eq_bool, *field, {}, true};
        if (c.keyword("false")) return filter_term{filter_term::op::eq_bool, *field, {}, false};
        return std::nullopt;
    }
    if (listed(schema.guid_fields, *field) && c.literal("guid")) {
        const auto guid = c.string_literal();
        if (!guid || !is_guid(*guid)) return std::nullopt;
        return filter_term{filter_term::op::eq_guid, *field, *guid};
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::vector<filter_term>> parse_filter(std::string_view expression, const filter_schema& schema) {
    cursor c(expression);
    std::vector<filter_term> terms;
    do {
        auto term = parse_term(c, schema);
        if (!term) return std::nullopt;
        terms.push_back(std::move(*term));
    } while (c.keyword("and"));
    if (!c.at_end()) return std::nullopt;
    return terms;
}

bool filter_matches(const std::vector<filter_term>& terms, const boost::json::object& entity) {
    for (const auto& t : terms) {
        const auto* v = entity.if_contains(t.field);
        if (v == nullptr) return false;
        switch (t.kind) {
            case filter_term::op::like:
                if (!v->is_string() || !like_match(fold_case(v->as_string()), t.text)) return false;
                break;
            case filter_term::op::substringof:
                if (!v->is_string() || fold_case(v->as_string()).find(t.text) == std::string::npos) return false;
                break;
            case filter_term::op::eq_bool:
                if (!v->is_bool() || v->as_bool() != t.flag) return false;
                break;
            case filter_term::op::eq_guid:
                if (!v->is_string() || v->as_string() != t.text) return false;
                break;
        }
    }
    return true;
}

}  // namespace hs1c::stand::onec
