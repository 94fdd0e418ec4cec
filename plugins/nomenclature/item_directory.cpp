#include "plugins/nomenclature/item_directory.hpp"

namespace hs1c::nomenclature {

item_directory::item_directory(std::size_t capacity) : capacity_(capacity) {}

void item_directory::remember(const std::vector<onec::item>& items) {
    std::lock_guard lock(mutex_);
    for (const auto& item : items) {
        if (auto it = index_.find(item.id); it != index_.end()) {
            *it->second = item;  // the id string is equal, so the view key stays valid
            items_.splice(items_.begin(), items_, it->second);
            continue;
        }
        items_.push_front(item);
        index_.emplace(items_.front().id, items_.begin());
        if (items_.size() > capacity_) {
            index_.erase(items_.back().id);
            items_.pop_back();
        }
    }
}

std::optional<onec::item> item_directory::find(std::string_view id) const {
    std::lock_guard lock(mutex_);
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return *it->second;
}

std::size_t item_directory::size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
}

}  // namespace hs1c::nomenclature
