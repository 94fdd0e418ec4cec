#include "tests/stand/hyperscript/param_tree.hpp"

#include "proxy/http/codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <string>
#include <vector>

namespace hs1c::stand {

namespace json = boost::json;

namespace {

struct name_path {
    std::string base;
    std::vector<std::string> keys;  // "" for an append (`[]`)
};

// `a[b][]` → base "a", keys {"b", ""}. A name whose first bracket never closes is a plain name, and
// anything after the last closed bracket is ignored, as PHP does.
name_path split_name(std::string_view name) {
    const auto open = name.find('[');
    if (open == std::string_view::npos || open == 0 || name.find(']', open) == std::string_view::npos)
        return {std::string(name), {}};
    name_path path{std::string(name.substr(0, open)), {}};
    auto pos = open;
    while (pos < name.size() && name[pos] == '[') {
        const auto close = name.find(']', pos);
        if (close == std::string_view::npos) break;
        path.keys.emplace_back(name.substr(pos + 1, close - pos - 1));
        pos = close + 1;
    }
    return path;
}

std::optional<std::size_t> as_index(std::string_view key) {
    if (key.empty() || (key.size() > 1 && key.front() == '0')) return std::nullopt;
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), n);
    if (ec != std::errc{} || end != key.data() + key.size()) return std::nullopt;
    return n;
}

// The key `[]` appends under: one past the largest integer key so far.
std::string next_index(const json::object& obj) {
    std::size_t next = 0;
    for (const auto& kv : obj)
        if (const auto i = as_index(kv.key()); i && *i + 1 > next) next = *i + 1;
    return std::to_string(next);
}

void insert(json::object& root, const name_path& path, std::string value) {
    json::object* container = &root;
    std::string key = path.base;
    for (const auto& next : path.keys) {
        json::value& slot = (*container)[key];
        if (!slot.is_object()) slot = json::object();
        container = &slot.as_object();
        key = next.empty() ? next_index(*container) : next;
    }
    (*container)[key] = json::string(value);
}

// Objects keyed exactly "0", "1", … in order become arrays, as PHP's json_encode writes them.
json::value finish(json::value v) {
    if (!v.is_object()) return v;
    auto& obj = v.as_object();
    bool sequential = !obj.empty();
    std::size_t i = 0;
    for (auto& kv : obj) {
        kv.value() = finish(std::move(kv.value()));
        if (kv.key() != std::to_string(i++)) sequential = false;
    }
    if (!sequential) return v;
    json::array arr;
    arr.reserve(obj.size());
    for (auto& kv : obj) arr.push_back(std::move(kv.value()));
    return arr;
}

}  // namespace

std::optional<json::object> param_tree(std::string_view body) {
    const auto pairs = hs1c::http::parse_form(body);
    if (!pairs) return std::nullopt;
    json::object root;
    for (const auto& pair : *pairs) insert(root, split_name(pair.name), pair.value);
    for (auto& kv : root) kv.value() = finish(std::move(kv.value()));
    return root;
}

}  // namespace hs1c::stand
