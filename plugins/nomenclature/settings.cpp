#include "plugins/nomenclature/settings.hpp"

#include "proxy/config/object_reader.hpp"

#include <boost/json/object.hpp>

namespace hs1c::nomenclature {

namespace {

constexpr config::int_range min_letters_range{1, 20};
constexpr config::int_range max_chars_range{3, 1'000};
constexpr config::int_range limit_range{1, max_limit};
constexpr config::int_range deadline_range{100, 600'000};
constexpr config::int_range debounce_range{0, 5'000};
constexpr config::int_range ttl_range{0, 7ull * 24 * 3'600'000};
constexpr config::int_range cache_bytes_range{0, 4ull * 1024 * 1024 * 1024};

}  // namespace

settings read_settings(const boost::json::object& section, const std::string& path,
                       std::vector<config::problem>& problems) {
    settings s;
    config::object_reader reader(section, path, problems);
    std::uint64_t n = s.query.min_letters;
    reader.read("min_letters", n, min_letters_range);
    s.query.min_letters = static_cast<std::size_t>(n);
    n = s.query.max_chars;
    reader.read("max_query_chars", n, max_chars_range);
    s.query.max_chars = static_cast<std::size_t>(n);
    bool yo_as_ye = false;
    reader.read("yo_as_ye", yo_as_ye);
    s.query.yo = yo_as_ye ? text::yo_rule::as_ye : text::yo_rule::distinct;
    n = s.limit;
    reader.read("limit", n, limit_range);
    s.limit = static_cast<std::size_t>(n);
    reader.read("deadline_ms", s.deadline, deadline_range);
    reader.read("fetch_budget_ms", s.fetch_budget, deadline_range);
    reader.read("debounce_ms", s.debounce, debounce_range);
    if (s.query.min_letters > s.query.max_chars) reader.report("min_letters", "larger than max_query_chars");

    if (const auto* c = reader.read_object("cache")) {
        config::object_reader r(*c, reader.path_of("cache"), problems);
        n = s.cache.max_bytes;
        r.read("max_bytes", n, cache_bytes_range);
        s.cache.max_bytes = static_cast<std::size_t>(n);
        r.read("search_ttl_ms", s.cache.search_ttl, ttl_range);
        r.read("parameters_ttl_ms", s.cache.parameters_ttl, ttl_range);
        r.read("values_ttl_ms", s.cache.values_ttl, ttl_range);
        r.read("negative_ttl_ms", s.cache.negative_ttl, ttl_range);
        r.read("revalidate_ms", s.cache.revalidate_window, ttl_range);
        r.read("max_stale_ms", s.cache.max_stale, ttl_range);
        r.reject_unknown_keys();
    }
    reader.reject_unknown_keys();
    return s;
}

}  // namespace hs1c::nomenclature
