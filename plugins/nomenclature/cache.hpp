// The nomenclature answer cache: per call kind TTLs, a byte bound with LRU eviction, a
// stale-while-revalidate window, entries kept past that only to be served when 1C is down, a short
// TTL for empty answers, invalidation by item id, and the lookup of a complete cached answer for a
// prefix of a search (refinement). Thread-safe (one mutex); the time is passed in.
#pragma once

#include "plugins/onec/types.hpp"

#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hs1c::nomenclature {

enum class call_kind { search, parameters, values };

struct cache_policy {
    using ms = std::chrono::milliseconds;
    ms search_ttl{60'000};
    ms parameters_ttl{300'000};
    ms values_ttl{300'000};
    ms negative_ttl{10'000};       // empty answers (no items, no parameters, no values)
    ms revalidate_window{30'000};  // after the TTL: still served, and refreshed in the background
    ms max_stale{86'400'000};      // after that: kept only to answer when 1C fails, then dropped
    std::size_t max_bytes = 32 * 1024 * 1024;
};

struct cached_answer {
    call_kind kind = call_kind::search;
    onec::search_page page;          // search
    std::vector<onec::named> list;   // parameters or values

    bool empty() const { return kind == call_kind::search ? page.items.empty() : list.empty(); }
};
using answer_ptr = std::shared_ptr<const cached_answer>;

enum class freshness {
    fresh,       // within its TTL
    revalidate,  // past the TTL, within the revalidate window: serve and refresh
    stale,       // past that, within max_stale: only for when 1C fails
};

struct lookup {
    answer_ptr answer;
    freshness state = freshness::fresh;
};

struct cache_stats {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::size_t evictions = 0;  // since construction, by the byte bound
};

class answer_cache {
public:
    using clock = std::chrono::steady_clock;

    explicit answer_cache(cache_policy policy);
    ~answer_cache();  // out of line: `entry` is complete only in cache.cpp

    // The entry for key (now most recently used); nullopt when absent or older than max_stale
    // (such an entry is dropped).
    std::optional<lookup> get(std::string_view key, clock::time_point now);

    // Stores (or replaces) an answer. `item_ids`: the catalogue items it depends on (a search: the
    // ids it lists; parameters and values: their item), for invalidate_items. Evicts least recently
    // used entries until the total estimated size fits max_bytes; an entry larger than max_bytes is
    // not stored.
    void put(std::string key, answer_ptr answer, std::vector<std::string> item_ids, clock::time_point now);

    // For a search key made of `fixed` bytes of prefix (kind, limit) and then the folded query: the
    // fresh (not revalidate, not stale), complete (more == false) search answer stored under the longest
    // shorter prefix of the query that still has at least min_letters code points. nullptr if none.
    answer_ptr complete_prefix(std::string_view key, std::size_t fixed, std::size_t min_letters,
                               clock::time_point now);

    // Drops every entry depending on one of the ids; returns how many were dropped.
    std::size_t invalidate_items(const std::vector<std::string>& ids);
    std::size_t invalidate_all();

    cache_stats stats() const;

    // The estimated memory an entry takes (key, strings, bookkeeping), as counted against max_bytes.
    static std::size_t estimate_bytes(std::string_view key, const cached_answer& answer,
                                      const std::vector<std::string>& item_ids);

private:
    struct entry;
    using lru_list = std::list<entry>;

    std::chrono::milliseconds ttl_for(const cached_answer& answer) const;
    void erase(lru_list::iterator it);

    cache_policy policy_;
    mutable std::mutex mutex_;
    lru_list lru_;  // front = most recently used
    std::unordered_map<std::string_view, lru_list::iterator> index_;  // views into entry keys
    std::size_t bytes_ = 0;
    std::size_t evictions_ = 0;
};

}  // namespace hs1c::nomenclature
