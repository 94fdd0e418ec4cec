#include "plugins/amocrm/account_link.hpp"

#include <map>

namespace hs1c::amocrm {

std::shared_ptr<account_link> link_for(const std::string& account, send_schedule::plan plan) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<account_link>> links;
    std::lock_guard lock(mutex);
    auto& link = links[account];
    if (!link)
        link = std::make_shared<account_link>(plan);
    else
        link->budget.replan(plan);
    return link;
}

}  // namespace hs1c::amocrm
