#include "plugins/nomenclature/cache.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace hs1c::nomenclature;
using namespace std::chrono_literals;

namespace {

using time_point = answer_cache::clock::time_point;

const time_point t0 = time_point{} + 1h;

// Search keys as the feature builds them: a fixed "kind:limit:" part, then the folded query.
const std::string search_fixed = "s:20:";

std::string search_key(std::string_view query) { return search_fixed + std::string(query); }

answer_ptr search_answer(const std::vector<std::string>& ids, bool more = false)
{
    auto answer = std::make_shared<cached_answer>();
    answer->kind = call_kind::search;
    for (const auto& id : ids) {
        answer->page.items.push_back({id, "Кабель " + id, "00-" + id, "м"});
    }
    answer->page.more = more;
    return answer;
}

answer_ptr list_answer(call_kind kind, const std::vector<std::string>& ids)
{
    auto answer = std::make_shared<cached_answer>();
    answer->kind = kind;
    for (const auto& id : ids) {
        answer->list.push_back({id, "Длина " + id});
    }
    return answer;
}

// The state of a key at a time, by name, so that failures print something readable.
std::string state_at(answer_cache& cache, std::string_view key, time_point now)
{
    const auto found = cache.get(key, now);
    if (!found) {
        return "absent";
    }
    switch (found->state) {
    case freshness::fresh:
        return "fresh";
    case freshness::revalidate:
        return "revalidate";
    case freshness::stale:
        return "stale";
    }
    return "unknown";
}

std::size_t search_bytes(std::string_view key, const std::vector<std::string>& ids)
{
    return answer_cache::estimate_bytes(key, *search_answer(ids), ids);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cache_test)

BOOST_AUTO_TEST_CASE(absent_key)
{
    answer_cache cache(cache_policy{});
    BOOST_TEST(!cache.get("s:20:кабель", t0).has_value());
    BOOST_TEST(cache.complete_prefix("s:20:кабель", search_fixed.size(), 3, t0) == nullptr);
    BOOST_TEST(cache.stats().entries == 0U);
}

BOOST_AUTO_TEST_CASE(search_goes_fresh_revalidate_stale_then_dropped)
{
    answer_cache cache(cache_policy{});
    const auto answer = search_answer({"a"});
    cache.put(search_key("каб"), answer, {"a"}, t0);

    const auto hit = cache.get(search_key("каб"), t0);
    BOOST_TEST_REQUIRE(hit.has_value());
    BOOST_TEST(hit->answer == answer);
    BOOST_TEST(state_at(cache, search_key("каб"), t0 + 59'999ms) == "fresh");
    BOOST_TEST(state_at(cache, search_key("каб"), t0 + 60s) == "revalidate");
    BOOST_TEST(state_at(cache, search_key("каб"), t0 + 89'999ms) == "revalidate");
    BOOST_TEST(state_at(cache, search_key("каб"), t0 + 90s) == "stale");
    BOOST_TEST(state_at(cache, search_key("каб"), t0 + 24h - 1ms) == "stale");
    BOOST_TEST(cache.stats().entries == 1U);
    BOOST_TEST(state_at(cache, search_key("каб"), t0 + 24h) == "absent");
    BOOST_TEST(cache.stats().entries == 0U);
    BOOST_TEST(cache.stats().bytes == 0U);
    // Dropped for good: an earlier time does not bring it back.
    BOOST_TEST(state_at(cache, search_key("каб"), t0) == "absent");
}

BOOST_AUTO_TEST_CASE(ttl_depends_on_the_call_kind)
{
    cache_policy policy;
    policy.search_ttl = 60s;
    policy.parameters_ttl = 300s;
    policy.values_ttl = 120s;
    answer_cache cache(policy);
    cache.put("s", search_answer({"a"}), {"a"}, t0);
    cache.put("p", list_answer(call_kind::parameters, {"p1"}), {"a"}, t0);
    cache.put("v", list_answer(call_kind::values, {"v1"}), {"a"}, t0);

    BOOST_TEST(state_at(cache, "s", t0 + 61s) == "revalidate");
    BOOST_TEST(state_at(cache, "p", t0 + 61s) == "fresh");
    BOOST_TEST(state_at(cache, "v", t0 + 61s) == "fresh");
    BOOST_TEST(state_at(cache, "v", t0 + 121s) == "revalidate");
    BOOST_TEST(state_at(cache, "p", t0 + 121s) == "fresh");
    BOOST_TEST(state_at(cache, "p", t0 + 301s) == "revalidate");
    BOOST_TEST(state_at(cache, "p", t0 + 331s) == "stale");
}

BOOST_AUTO_TEST_CASE(empty_answers_live_only_their_negative_ttl)
{
    answer_cache cache(cache_policy{});
    cache.put("s", search_answer({}), {}, t0);
    cache.put("p", list_answer(call_kind::parameters, {}), {"a"}, t0);
    cache.put("v", list_answer(call_kind::values, {}), {"a"}, t0);

    BOOST_TEST(state_at(cache, "s", t0 + 9'999ms) == "fresh");
    BOOST_TEST(state_at(cache, "p", t0 + 9'999ms) == "fresh");
    // Never revalidate, never stale: gone at the negative TTL although the kinds' TTLs are longer.
    BOOST_TEST(state_at(cache, "s", t0 + 10s) == "absent");
    BOOST_TEST(state_at(cache, "p", t0 + 10s) == "absent");
    BOOST_TEST(state_at(cache, "v", t0 + 1h) == "absent");
    BOOST_TEST(cache.stats().entries == 0U);
}

BOOST_AUTO_TEST_CASE(get_makes_an_entry_most_recently_used)
{
    const std::size_t one = search_bytes("k1", {"1"});
    cache_policy policy;
    policy.max_bytes = 3 * one;
    answer_cache cache(policy);
    cache.put("k1", search_answer({"1"}), {"1"}, t0);
    cache.put("k2", search_answer({"2"}), {"2"}, t0);
    cache.put("k3", search_answer({"3"}), {"3"}, t0);
    BOOST_TEST(cache.stats().bytes == 3 * one);

    BOOST_TEST(cache.get("k1", t0).has_value());
    cache.put("k4", search_answer({"4"}), {"4"}, t0);

    BOOST_TEST(cache.stats().entries == 3U);
    BOOST_TEST(cache.stats().evictions == 1U);
    BOOST_TEST(state_at(cache, "k2", t0) == "absent");
    BOOST_TEST(state_at(cache, "k1", t0) == "fresh");
    BOOST_TEST(state_at(cache, "k3", t0) == "fresh");
    BOOST_TEST(state_at(cache, "k4", t0) == "fresh");
}

BOOST_AUTO_TEST_CASE(byte_bound_evicts_the_oldest)
{
    const std::size_t one = search_bytes("k0", {"0"});
    cache_policy policy;
    policy.max_bytes = 3 * one + one / 2;
    answer_cache cache(policy);
    for (int i = 0; i < 10; ++i) {
        const auto id = std::to_string(i);
        cache.put("k" + id, search_answer({id}), {id}, t0);
        BOOST_TEST(cache.stats().bytes <= policy.max_bytes);
    }
    const auto stats = cache.stats();
    BOOST_TEST(stats.entries == 3U);
    BOOST_TEST(stats.bytes == 3 * one);
    BOOST_TEST(stats.evictions == 7U);
    BOOST_TEST(state_at(cache, "k6", t0) == "absent");
    BOOST_TEST(state_at(cache, "k7", t0) == "fresh");
    BOOST_TEST(state_at(cache, "k9", t0) == "fresh");
}

BOOST_AUTO_TEST_CASE(one_large_entry_evicts_several_small_ones)
{
    const std::size_t small = search_bytes("k0", {"0"});
    const std::vector<std::string> many{"a", "b", "c", "d", "e", "f", "g", "h"};
    const std::size_t large = search_bytes("big", many);
    cache_policy policy;
    policy.max_bytes = large + small;
    answer_cache cache(policy);
    for (int i = 0; i < 5; ++i) {
        const auto id = std::to_string(i);
        cache.put("k" + id, search_answer({id}), {id}, t0);
    }
    cache.put("big", search_answer(many), many, t0);
    BOOST_TEST(cache.stats().entries == 2U);
    BOOST_TEST(cache.stats().bytes == large + small);
    BOOST_TEST(state_at(cache, "k4", t0) == "fresh");
    BOOST_TEST(state_at(cache, "big", t0) == "fresh");
}

BOOST_AUTO_TEST_CASE(put_replaces_an_existing_key)
{
    answer_cache cache(cache_policy{});
    cache.put("k", search_answer({"1"}), {"1"}, t0);
    const auto newer = search_answer({"1", "2", "3"});
    cache.put("k", newer, {"1", "2", "3"}, t0 + 50s);

    const auto stats = cache.stats();
    BOOST_TEST(stats.entries == 1U);
    BOOST_TEST(stats.bytes == search_bytes("k", {"1", "2", "3"}));
    BOOST_TEST(stats.evictions == 0U);
    const auto hit = cache.get("k", t0 + 100s);
    BOOST_TEST_REQUIRE(hit.has_value());
    BOOST_TEST(hit->answer == newer);
    BOOST_TEST((hit->state == freshness::fresh));  // its age counts from the replacement
    // The new item list is what invalidation looks at.
    BOOST_TEST(cache.invalidate_items({"3"}) == 1U);
}

BOOST_AUTO_TEST_CASE(an_entry_larger_than_the_bound_is_not_stored)
{
    const std::vector<std::string> many{"a", "b", "c", "d"};
    cache_policy policy;
    policy.max_bytes = search_bytes("big", many) - 1;
    answer_cache cache(policy);
    cache.put("small", search_answer({"x"}), {"x"}, t0);
    cache.put("big", search_answer(many), many, t0);

    BOOST_TEST(state_at(cache, "big", t0) == "absent");
    BOOST_TEST(state_at(cache, "small", t0) == "fresh");
    BOOST_TEST(cache.stats().entries == 1U);
    BOOST_TEST(cache.stats().evictions == 0U);

    // Replacing with an oversize answer still drops the superseded one.
    cache.put("small", search_answer(many), many, t0);
    BOOST_TEST(state_at(cache, "small", t0) == "absent");
    BOOST_TEST(cache.stats().bytes == 0U);

    cache.put("null", nullptr, {}, t0);
    BOOST_TEST(cache.stats().entries == 0U);
}

BOOST_AUTO_TEST_CASE(estimate_counts_every_string_and_an_overhead)
{
    const auto base = answer_cache::estimate_bytes("k", *search_answer({}), {});
    BOOST_TEST(base > 1U);
    BOOST_TEST(answer_cache::estimate_bytes("k12345", *search_answer({}), {}) == base + 5);

    cached_answer with_item;
    with_item.page.items.push_back({"id", "name", "code", "unit"});
    const auto one_item = answer_cache::estimate_bytes("k", with_item, {});
    BOOST_TEST(one_item > base + 14);
    with_item.page.items[0].name = "Кабель ВВГнг";  // 23 bytes instead of 4
    BOOST_TEST(answer_cache::estimate_bytes("k", with_item, {}) == one_item + 19);
    with_item.page.items[0].unit = "";
    BOOST_TEST(answer_cache::estimate_bytes("k", with_item, {}) == one_item + 15);

    cached_answer with_list;
    with_list.kind = call_kind::values;
    with_list.list.push_back({"v1", "200 м"});
    const auto one_value = answer_cache::estimate_bytes("k", with_list, {});
    BOOST_TEST(one_value > base + 8);
    with_list.list.push_back({"v2", "500 м"});
    BOOST_TEST(answer_cache::estimate_bytes("k", with_list, {}) == 2 * one_value - base);

    const auto with_ids = answer_cache::estimate_bytes("k", with_list, {"4f1d2c1e", "x"});
    BOOST_TEST(with_ids > answer_cache::estimate_bytes("k", with_list, {}) + 9);
}

BOOST_AUTO_TEST_CASE(invalidation_by_item_id)
{
    answer_cache cache(cache_policy{});
    cache.put("s1", search_answer({"A", "B"}), {"A", "B"}, t0);
    cache.put("s2", search_answer({"C"}), {"C"}, t0);
    cache.put("pA", list_answer(call_kind::parameters, {"p"}), {"A"}, t0);
    cache.put("vB", list_answer(call_kind::values, {"v"}), {"B"}, t0);
    const auto s2_bytes = search_bytes("s2", {"C"});

    BOOST_TEST(cache.invalidate_items({"X"}) == 0U);
    BOOST_TEST(cache.invalidate_items({}) == 0U);
    // B is the second id of s1: every id of an entry counts.
    BOOST_TEST(cache.invalidate_items({"B"}) == 2U);
    BOOST_TEST(state_at(cache, "s1", t0) == "absent");
    BOOST_TEST(state_at(cache, "vB", t0) == "absent");
    BOOST_TEST(state_at(cache, "pA", t0) == "fresh");
    BOOST_TEST(cache.invalidate_items({"Z", "A"}) == 1U);
    BOOST_TEST(cache.stats().entries == 1U);
    BOOST_TEST(cache.stats().bytes == s2_bytes);

    cache.put("s3", search_answer({"D"}), {"D"}, t0);
    BOOST_TEST(cache.invalidate_all() == 2U);
    BOOST_TEST(cache.stats().entries == 0U);
    BOOST_TEST(cache.stats().bytes == 0U);
    BOOST_TEST(state_at(cache, "s2", t0) == "absent");
    cache.put("s2", search_answer({"C"}), {"C"}, t0);
    BOOST_TEST(state_at(cache, "s2", t0) == "fresh");
}

BOOST_AUTO_TEST_CASE(prefix_lookup_finds_the_longest_complete_fresh_prefix)
{
    answer_cache cache(cache_policy{});
    const auto kab = search_answer({"1", "2"});
    const auto kabe = search_answer({"1"});
    cache.put(search_key("каб"), kab, {"1", "2"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("кабе"), search_fixed.size(), 3, t0) == kab);
    cache.put(search_key("кабе"), kabe, {"1"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("кабель"), search_fixed.size(), 3, t0) == kabe);
    BOOST_TEST(cache.complete_prefix(search_key("кабе"), search_fixed.size(), 3, t0) == kab);
    // The key itself is not a proper prefix of itself.
    BOOST_TEST(cache.complete_prefix(search_key("каб"), search_fixed.size(), 3, t0) == nullptr);
    // Another fixed part (here the limit) is another answer.
    BOOST_TEST(cache.complete_prefix("s:10:кабель", search_fixed.size(), 3, t0) == nullptr);
    BOOST_TEST(cache.complete_prefix("s:", search_fixed.size(), 3, t0) == nullptr);
}

BOOST_AUTO_TEST_CASE(prefix_lookup_skips_incomplete_answers)
{
    answer_cache cache(cache_policy{});
    cache.put(search_key("кабе"), search_answer({"1"}, true), {"1"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("кабел"), search_fixed.size(), 3, t0) == nullptr);
    const auto kab = search_answer({"1", "2"});
    cache.put(search_key("каб"), kab, {"1", "2"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("кабел"), search_fixed.size(), 3, t0) == kab);
}

BOOST_AUTO_TEST_CASE(prefix_lookup_uses_fresh_answers_only)
{
    answer_cache cache(cache_policy{});
    cache.put(search_key("каб"), search_answer({"1"}), {"1"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("кабе"), search_fixed.size(), 3, t0 + 59s) != nullptr);
    BOOST_TEST(cache.complete_prefix(search_key("кабе"), search_fixed.size(), 3, t0 + 60s) == nullptr);
    BOOST_TEST(cache.complete_prefix(search_key("кабе"), search_fixed.size(), 3, t0 + 2h) == nullptr);

    // A complete empty answer is fresh only within the negative TTL.
    const auto nothing = search_answer({});
    cache.put(search_key("xyz"), nothing, {}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("xyzw"), search_fixed.size(), 3, t0 + 9s) == nothing);
    BOOST_TEST(cache.complete_prefix(search_key("xyzw"), search_fixed.size(), 3, t0 + 10s) == nullptr);
}

BOOST_AUTO_TEST_CASE(prefix_lookup_uses_search_answers_only)
{
    answer_cache cache(cache_policy{});
    cache.put(search_key("каб"), list_answer(call_kind::parameters, {"p"}), {"1"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("кабе"), search_fixed.size(), 3, t0) == nullptr);
}

BOOST_AUTO_TEST_CASE(prefix_lookup_stops_at_min_letters)
{
    answer_cache cache(cache_policy{});
    const auto ka = search_answer({"1"});
    cache.put(search_key("ка"), ka, {"1"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("кабель"), search_fixed.size(), 3, t0) == nullptr);
    BOOST_TEST(cache.complete_prefix(search_key("кабель"), search_fixed.size(), 2, t0) == ka);

    // Code points, not bytes: "абв" is six bytes but three letters.
    const auto abv = search_answer({"2"});
    cache.put(search_key("абв"), abv, {"2"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("абвг"), search_fixed.size(), 3, t0) == abv);
    BOOST_TEST(cache.complete_prefix(search_key("абвг"), search_fixed.size(), 4, t0) == nullptr);
}

BOOST_AUTO_TEST_CASE(prefix_lookup_cuts_at_code_point_boundaries)
{
    answer_cache cache(cache_policy{});
    // Keys ending inside a letter must never be taken for a prefix.
    cache.put(search_key("аб\xD0"), search_answer({"1"}), {"1"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("абв"), search_fixed.size(), 1, t0) == nullptr);
    cache.put(search_key("a\xF0\x9F\x98"), search_answer({"3"}), {"3"}, t0);
    cache.put(search_key("a\xF0"), search_answer({"4"}), {"4"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("a😀b"), search_fixed.size(), 1, t0) == nullptr);

    const auto emoji = search_answer({"2"});
    cache.put(search_key("a😀"), emoji, {"2"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("a😀b"), search_fixed.size(), 2, t0) == emoji);
    BOOST_TEST(cache.complete_prefix(search_key("a😀ё"), search_fixed.size(), 2, t0) == emoji);
    BOOST_TEST(cache.complete_prefix(search_key("a😀b"), search_fixed.size(), 3, t0) == nullptr);
}

BOOST_AUTO_TEST_CASE(prefix_lookup_counts_as_a_use)
{
    const std::size_t one = search_bytes(search_key("k1"), {"1"});
    cache_policy policy;
    policy.max_bytes = 2 * one;
    answer_cache cache(policy);
    cache.put(search_key("k1"), search_answer({"1"}), {"1"}, t0);
    cache.put(search_key("k2"), search_answer({"2"}), {"2"}, t0);
    BOOST_TEST(cache.complete_prefix(search_key("k1x"), search_fixed.size(), 2, t0) != nullptr);
    cache.put(search_key("k3"), search_answer({"3"}), {"3"}, t0);
    BOOST_TEST(state_at(cache, search_key("k1"), t0) == "fresh");
    BOOST_TEST(state_at(cache, search_key("k2"), t0) == "absent");
}

BOOST_AUTO_TEST_CASE(concurrent_use_keeps_the_books_straight)
{
    constexpr int threads = 4;
    constexpr int rounds = 3000;
    constexpr int keys = 40;
    cache_policy policy;
    policy.max_bytes = 20 * search_bytes(search_key("k00"), {"00"});
    answer_cache cache(policy);
    std::atomic<int> mixed_up{0};

    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&cache, &mixed_up, t] {
            for (int i = 0; i < rounds; ++i) {
                // Offsetting each thread makes the four threads put forty different keys.
                const auto id = std::to_string((i + t * 7) % keys + 10);
                const auto key = search_key("k" + id);
                const auto now = t0 + std::chrono::milliseconds(i);
                switch (i % 4) {
                case 0:
                    cache.put(key, search_answer({id}), {id}, now);
                    break;
                case 1:
                    if (const auto hit = cache.get(key, now); hit && hit->answer->page.items[0].id != id) {
                        ++mixed_up;
                    }
                    break;
                case 2:
                    if (const auto found = cache.complete_prefix(key + "z", search_fixed.size(), 3, now);
                        found && found->page.items[0].id != id) {
                        ++mixed_up;
                    }
                    break;
                default:
                    if (i % 20 == 3) {
                        cache.invalidate_items({id});
                    }
                    break;
                }
            }
        });
    }
    for (auto& w : workers) {
        w.join();
    }

    BOOST_TEST(mixed_up.load() == 0);
    const auto stats = cache.stats();
    BOOST_TEST(stats.bytes <= policy.max_bytes);
    BOOST_TEST(stats.entries <= 20U);
    BOOST_TEST(stats.evictions > 0U);
    BOOST_TEST(stats.bytes == stats.entries * search_bytes(search_key("k00"), {"00"}));
    BOOST_TEST(cache.invalidate_all() == stats.entries);
    BOOST_TEST(cache.stats().bytes == 0U);
}

BOOST_AUTO_TEST_SUITE_END()
