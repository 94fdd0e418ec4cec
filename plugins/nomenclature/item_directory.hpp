// The catalogue items operators have been shown, by id: a cart line takes its item's name, code and
// unit from here (what the proxy got from 1C), never from the browser. The hs contract has no "item by
// id" call, so the directory remembers what searches returned, bounded, oldest forgotten first.
// Thread-safe.
#pragma once

#include "plugins/onec/types.hpp"

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hs1c::nomenclature {

class item_directory {
public:
    explicit item_directory(std::size_t capacity);

    // Remembers (or refreshes) every item; the least recently seen beyond capacity are forgotten.
    void remember(const std::vector<onec::item>& items);
    std::optional<onec::item> find(std::string_view id) const;
    std::size_t size() const;

private:
    using lru_list = std::list<onec::item>;

    std::size_t capacity_;
    mutable std::mutex mutex_;
    lru_list items_;  // front = most recently seen
    std::unordered_map<std::string_view, lru_list::iterator> index_;  // views into items_' ids
};

}  // namespace hs1c::nomenclature
