#include "plugins/nomenclature/cache.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_set>
#include <utility>

namespace hs1c::nomenclature {

struct answer_cache::entry {
    std::string key;
    answer_ptr answer;
    std::vector<std::string> item_ids;
    clock::time_point stored_at;
    std::size_t bytes = 0;
};

namespace {

// What an entry costs besides its own strings and vectors, which sizeof does not see: the list links,
// the index node with its bucket slot and the shared_ptr control block, with allocator headers.
constexpr std::size_t node_bookkeeping_bytes = 128;
constexpr std::size_t item_overhead_bytes = sizeof(onec::item);
constexpr std::size_t named_overhead_bytes = sizeof(onec::named);
constexpr std::size_t id_overhead_bytes = sizeof(std::string);

constexpr unsigned char continuation_mask = 0xc0;
constexpr unsigned char continuation_tag = 0x80;

bool is_code_point_start(char c) { return (static_cast<unsigned char>(c) & continuation_mask) != continuation_tag; }

// nullopt: too old to be served at all.
std::optional<freshness> classify(answer_cache::clock::duration age, std::chrono::milliseconds ttl,
                                  const cached_answer& answer, const cache_policy& policy)
{
    if (age < ttl) {
        return freshness::fresh;
    }
    // An empty answer is only worth its short TTL: "nothing found" must not outlive a catalogue change,
    // and serving it while 1C is down would hide items that exist.
    if (answer.empty()) {
        return std::nullopt;
    }
    if (age < ttl + policy.revalidate_window) {
        return freshness::revalidate;
    }
    if (age < policy.max_stale) {
        return freshness::stale;
    }
    return std::nullopt;
}

}  // namespace

answer_cache::answer_cache(cache_policy policy) : policy_(policy) {}

answer_cache::~answer_cache() = default;

std::chrono::milliseconds answer_cache::ttl_for(const cached_answer& answer) const
{
    if (answer.empty()) {
        return policy_.negative_ttl;
    }
    switch (answer.kind) {
    case call_kind::parameters:
        return policy_.parameters_ttl;
    case call_kind::values:
        return policy_.values_ttl;
    case call_kind::search:
        break;
    }
    return policy_.search_ttl;
}

void answer_cache::erase(lru_list::iterator it)
{
    index_.erase(std::string_view(it->key));
    bytes_ -= it->bytes;
    lru_.erase(it);
}

std::optional<lookup> answer_cache::get(std::string_view key, clock::time_point now)
{
    const std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) {
        return std::nullopt;
    }
    const auto it = found->second;
    const auto state = classify(now - it->stored_at, ttl_for(*it->answer), *it->answer, policy_);
    if (!state) {
        erase(it);
        return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it);
    return lookup{it->answer, *state};
}

void answer_cache::put(std::string key, answer_ptr answer, std::vector<std::string> item_ids, clock::time_point now)
{
    if (!answer) {
        return;
    }
    const std::size_t bytes = estimate_bytes(key, *answer, item_ids);
    const std::lock_guard lock(mutex_);
    // The older answer is superseded even when the new one is too large to keep.
    if (const auto found = index_.find(key); found != index_.end()) {
        erase(found->second);
    }
    if (bytes > policy_.max_bytes) {
        return;
    }
    lru_.push_front(entry{std::move(key), std::move(answer), std::move(item_ids), now, bytes});
    // The view must point into the string inside the list node, which never moves.
    index_.emplace(std::string_view(lru_.front().key), lru_.begin());
    bytes_ += bytes;
    while (bytes_ > policy_.max_bytes) {
        erase(std::prev(lru_.end()));
        ++evictions_;
    }
}

answer_ptr answer_cache::complete_prefix(std::string_view key, std::size_t fixed, std::size_t min_letters,
                                         clock::time_point now)
{
    if (fixed > key.size()) {
        return nullptr;
    }
    const std::string_view query = key.substr(fixed);
    std::size_t code_points = 0;
    for (const char c : query) {
        code_points += is_code_point_start(c) ? 1 : 0;
    }
    const std::lock_guard lock(mutex_);
    // Walking down from the longest proper prefix: each cut at a code point start drops one code point.
    for (std::size_t cut = query.size(); cut > 0;) {
        --cut;
        if (!is_code_point_start(query[cut])) {
            continue;
        }
        --code_points;
        if (cut == 0 || code_points < min_letters) {
            break;
        }
        const auto found = index_.find(key.substr(0, fixed + cut));
        if (found == index_.end()) {
            continue;
        }
        const auto it = found->second;
        const cached_answer& answer = *it->answer;
        if (answer.kind != call_kind::search || answer.page.more ||
            classify(now - it->stored_at, ttl_for(answer), answer, policy_) != freshness::fresh) {
            continue;
        }
        lru_.splice(lru_.begin(), lru_, it);
        return it->answer;
    }
    return nullptr;
}

std::size_t answer_cache::invalidate_items(const std::vector<std::string>& ids)
{
    const std::unordered_set<std::string_view> wanted(ids.begin(), ids.end());
    const std::lock_guard lock(mutex_);
    std::size_t dropped = 0;
    for (auto it = lru_.begin(); it != lru_.end();) {
        const auto next = std::next(it);
        const bool depends = std::any_of(it->item_ids.begin(), it->item_ids.end(),
                                         [&wanted](const std::string& id) { return wanted.contains(id); });
        if (depends) {
            erase(it);
            ++dropped;
        }
        it = next;
    }
    return dropped;
}

std::size_t answer_cache::invalidate_all()
{
    const std::lock_guard lock(mutex_);
    const std::size_t dropped = lru_.size();
    index_.clear();
    lru_.clear();
    bytes_ = 0;
    return dropped;
}

cache_stats answer_cache::stats() const
{
    const std::lock_guard lock(mutex_);
    return cache_stats{lru_.size(), bytes_, evictions_};
}

std::size_t answer_cache::estimate_bytes(std::string_view key, const cached_answer& answer,
                                         const std::vector<std::string>& item_ids)
{
    std::size_t bytes = sizeof(entry) + sizeof(cached_answer) + node_bookkeeping_bytes + key.size();
    for (const auto& item : answer.page.items) {
        bytes += item_overhead_bytes + item.id.size() + item.name.size() + item.code.size() + item.unit.size();
    }
    for (const auto& named : answer.list) {
        bytes += named_overhead_bytes + named.id.size() + named.name.size();
    }
    for (const auto& id : item_ids) {
        bytes += id_overhead_bytes + id.size();
    }
    return bytes;
}

}  // namespace hs1c::nomenclature
