#include "plugins/hyperscript/cart.hpp"

#include "plugins/hyperscript/rpc.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <openssl/rand.h>

#include <array>
#include <cmath>
#include <stdexcept>

namespace hs1c::hyperscript {

namespace {

constexpr std::size_t max_page_id = 64;
constexpr int max_decimals = 3;
constexpr double double_tolerance = 1e-6;
constexpr std::size_t uuid_bytes = 16;
constexpr std::size_t uuid_text = 36;

boost::json::value named_json(const std::optional<onec::named>& n) {
    if (!n) return nullptr;
    return boost::json::object{{"id", n->id}, {"name", n->name}};
}

// "12", "2,5", "0.125": digits, one optional decimal separator, at most three decimals.
std::optional<quantity_milli> parse_quantity_text(std::string_view s) {
    if (s.empty() || s.size() > 16) return std::nullopt;
    quantity_milli whole = 0;
    quantity_milli fraction = 0;
    int decimals = -1;  // -1: no separator seen
    for (char c : s) {
        if (c == ',' || c == '.') {
            if (decimals >= 0) return std::nullopt;
            decimals = 0;
        } else if (c >= '0' && c <= '9') {
            if (decimals < 0) {
                whole = whole * 10 + (c - '0');
                if (whole > max_quantity / quantity_scale) return std::nullopt;
            } else {
                if (++decimals > max_decimals) return std::nullopt;
                fraction = fraction * 10 + (c - '0');
            }
        } else {
            return std::nullopt;
        }
    }
    if (decimals == 0 && s.size() == 1) return std::nullopt;  // a lone separator
    for (int d = std::max(decimals, 0); d < max_decimals; ++d) fraction *= 10;
    const quantity_milli q = whole * quantity_scale + fraction;
    if (q <= 0 || q > max_quantity) return std::nullopt;
    return q;
}

}  // namespace

std::optional<quantity_milli> parse_quantity(const boost::json::value& v) {
    if (v.is_string()) return parse_quantity_text(v.get_string());
    if (v.is_int64() || v.is_uint64()) {
        const auto n = v.is_int64() ? v.get_int64() : static_cast<std::int64_t>(std::min<std::uint64_t>(v.get_uint64(), INT64_MAX));
        if (n <= 0 || n > max_quantity / quantity_scale) return std::nullopt;
        return n * quantity_scale;
    }
    if (v.is_double()) {
        const double d = v.get_double();
        if (!std::isfinite(d) || d <= 0 || d > static_cast<double>(max_quantity / quantity_scale)) return std::nullopt;
        const double scaled = d * static_cast<double>(quantity_scale);
        const double rounded = std::round(scaled);
        // 2.5 is exact; 2.0001 or 1234.5678 has a fourth decimal and is refused rather than silently
        // rounded. The tolerance is absolute (in thousandths): a double holds every allowed quantity
        // to far better than that.
        if (std::abs(scaled - rounded) > double_tolerance) return std::nullopt;
        if (rounded <= 0) return std::nullopt;
        return static_cast<quantity_milli>(rounded);
    }
    return std::nullopt;
}

boost::json::object cart_json(const cart& c) {
    boost::json::array lines;
    lines.reserve(c.lines.size());
    for (const auto& l : c.lines) {
        boost::json::value quantity;
        if (l.quantity % quantity_scale == 0) quantity = l.quantity / quantity_scale;
        else quantity = static_cast<double>(l.quantity) / static_cast<double>(quantity_scale);
        lines.push_back(boost::json::object{
            {"id", l.id},
            {"item", boost::json::object{{"id", l.item.id}, {"name", l.item.name}, {"code", l.item.code}, {"unit", l.item.unit}}},
            {"parameter", named_json(l.parameter)},
            {"value", named_json(l.value)},
            {"quantity", quantity}});
    }
    return {{"id", c.id}, {"script_id", c.script_id}, {"field_id", c.field_id}, {"lines", std::move(lines)}};
}

std::string new_uuid() {
    std::array<unsigned char, uuid_bytes> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) throw std::runtime_error("RAND_bytes failed");
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(uuid_text);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 0x0F];
    }
    return out;
}

bool is_uuid(std::string_view s) {
    if (s.size() != uuid_text) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

boost::json::object context_from(const boost::json::value& given, const std::vector<std::string>& allowed) {
    boost::json::object out;
    const auto* obj = given.if_object();
    if (!obj) return out;
    for (const auto& key : allowed) {
        const auto* v = obj->if_contains(key);
        if (!v) continue;
        auto text = id_text(*v);
        if (!text && v->is_string()) text = std::string(v->get_string());
        if (text && !text->empty() && text->size() <= max_context_value) out[key] = *text;
    }
    return out;
}

std::optional<std::string> page_id(const boost::json::value& v) {
    if (v.is_int64() && v.get_int64() < 0) return std::nullopt;
    auto text = id_text(v);
    if (!text || text->empty() || text->size() > max_page_id) return std::nullopt;
    for (char c : *text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return std::nullopt;
    }
    return text;
}

}  // namespace hs1c::hyperscript
