#include "plugins/nomenclature/service.hpp"

#include "plugins/onec/gateway.hpp"
#include "proxy/observe/metrics.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

namespace hs1c::nomenclature {

namespace asio = boost::asio;

namespace {

constexpr std::array<std::string_view, 3> kind_names{"search", "parameters", "values"};
constexpr std::array<std::string_view, 8> result_names{"hit",       "revalidate", "refined", "fetched",
                                                       "coalesced", "debounced",  "stale",   "error"};

// Items remembered for cart lines: far more than operators can be shown between restarts.
constexpr std::size_t known_items_capacity = 100'000;

std::size_t index_of(call_kind k) { return static_cast<std::size_t>(k); }
std::size_t index_of(lookup_result r) { return static_cast<std::size_t>(r); }

// Cache keys: the kind, then what identifies the answer. Ids cannot contain '|' (is_valid_id).
std::string search_prefix(std::size_t limit) { return "s|" + std::to_string(limit) + "|"; }
std::string parameters_key(std::string_view item) { return "p|" + std::string(item); }
std::string values_key(std::string_view item, std::string_view parameter) {
    return "v|" + std::string(item) + "|" + std::string(parameter);
}

using fetched_answer = service::fetched_answer;

asio::awaitable<fetched_answer> fetch_search(std::shared_ptr<onec::gateway> gw, std::string text, std::size_t limit,
                                             service::clock::time_point deadline) {
    auto r = co_await gw->search(std::move(text), limit, deadline);
    if (!r.has_value()) co_return fetched_answer{nullptr, {}, std::move(r.error)};
    auto answer = std::make_shared<cached_answer>();
    answer->kind = call_kind::search;
    answer->page = std::move(*r.value);
    std::vector<std::string> ids;
    ids.reserve(answer->page.items.size());
    for (const auto& i : answer->page.items) ids.push_back(i.id);
    co_return fetched_answer{std::move(answer), std::move(ids), std::nullopt};
}

asio::awaitable<fetched_answer> fetch_list(std::shared_ptr<onec::gateway> gw, call_kind kind, std::string item,
                                           std::string parameter, service::clock::time_point deadline) {
    onec::result<std::vector<onec::named>> r;
    if (kind == call_kind::parameters) r = co_await gw->parameters(item, deadline);
    else r = co_await gw->values(item, std::move(parameter), deadline);
    if (!r.has_value()) co_return fetched_answer{nullptr, {}, std::move(r.error)};
    auto answer = std::make_shared<cached_answer>();
    answer->kind = kind;
    answer->list = std::move(*r.value);
    co_return fetched_answer{std::move(answer), {std::move(item)}, std::nullopt};
}

onec::failure timeout_failure() {
    return {onec::failure_kind::unavailable, true, 0, "no answer from 1C within the operator's deadline", false};
}

}  // namespace

asio::awaitable<void> run_fetch(std::shared_ptr<service> self, std::string key,
                                async::single_flight<service::fetched_answer>::flight_ptr flight,
                                service::fetcher fetch) {
    auto got = co_await fetch(service::clock::now() + self->settings_.fetch_budget);
    if (got.answer) {
        // Every item an operator can pick has passed here (hits and refinements come from fetches).
        if (got.answer->kind == call_kind::search) self->directory_.remember(got.answer->page.items);
        self->cache_.put(key, got.answer, got.item_ids, service::clock::now());
        self->publish_cache();
    }
    self->flights_.complete(key, flight, std::make_shared<const service::fetched_answer>(std::move(got)));
}

service::service(nomenclature::settings s, std::shared_ptr<onec::gateway> gateway, observe::metrics& metrics)
    : settings_(std::move(s)),
      gateway_(std::move(gateway)),
      cache_(settings_.cache),
      directory_(known_items_capacity),
      cache_bytes_(metrics.get_gauge("hs1c_nomenclature_cache_bytes", "Estimated bytes held by the nomenclature cache")),
      cache_entries_(metrics.get_gauge("hs1c_nomenclature_cache_entries", "Entries in the nomenclature cache")),
      cache_evictions_(metrics.get_gauge("hs1c_nomenclature_cache_evictions",
                                         "Entries evicted by the byte bound since start")) {
    for (std::size_t k = 0; k < kind_names.size(); ++k) {
        for (std::size_t r = 0; r < result_names.size(); ++r) {
            lookups_[k][r] = &metrics.get_counter(
                "hs1c_nomenclature_lookups_total",
                "Nomenclature lookups by kind and how they were answered (hit, refined, coalesced, debounced…)",
                {{"kind", std::string(kind_names[k])}, {"result", std::string(result_names[r])}});
        }
    }
}

void service::count(call_kind kind, lookup_result how) { lookups_[index_of(kind)][index_of(how)]->inc(); }

void service::publish_cache() {
    const auto st = cache_.stats();
    cache_bytes_.set(static_cast<std::int64_t>(st.bytes));
    cache_entries_.set(static_cast<std::int64_t>(st.entries));
    cache_evictions_.set(static_cast<std::int64_t>(st.evictions));
}

async::single_flight<service::fetched_answer>::joined service::start_fetch(const std::string& key,
                                                                          const fetcher& fetch,
                                                                          asio::any_io_executor ex) {
    auto joined = flights_.join(key);
    if (joined.leader) asio::co_spawn(ex, run_fetch(shared_from_this(), key, joined.f, fetch), asio::detached);
    return joined;
}

asio::awaitable<served> service::lookup(call_kind kind, std::string key, std::string debounce_key, fetcher fetch) {
    const auto started = clock::now();
    const auto deadline = started + settings_.deadline;
    auto ex = co_await asio::this_coro::executor;

    auto cached = cache_.get(key, started);
    if (cached && cached->state == freshness::fresh) {
        count(kind, lookup_result::hit);
        co_return served{cached->answer, lookup_result::hit};
    }
    if (cached && cached->state == freshness::revalidate) {
        start_fetch(key, fetch, ex);  // nobody waits for it; the next caller gets the new answer
        count(kind, lookup_result::revalidate);
        co_return served{cached->answer, lookup_result::revalidate};
    }
    const auto match = gateway_->settings().mapping.match;
    if (kind == call_kind::search && match != onec::match_semantics::opaque) {
        const auto fixed = search_prefix(settings_.limit).size();
        if (auto complete = cache_.complete_prefix(key, fixed, settings_.query.min_letters, started)) {
            auto page = refine(complete->page, std::string_view(key).substr(fixed), match,
                               settings_.query.yo, settings_.limit);
            auto answer = std::make_shared<cached_answer>();
            answer->kind = call_kind::search;
            answer->page = std::move(page);
            count(kind, lookup_result::refined);
            co_return served{std::move(answer), lookup_result::refined};
        }
    }

    if (!debounce_key.empty() && settings_.debounce.count() > 0) {
        if (!co_await debouncer_.settle(debounce_key, settings_.debounce)) {
            count(kind, lookup_result::debounced);
            served s;
            s.how = lookup_result::debounced;
            s.superseded = true;
            co_return s;
        }
        // The wait may have let another caller fill the entry.
        auto again = cache_.get(key, clock::now());
        if (again && again->state == freshness::fresh) {
            count(kind, lookup_result::hit);
            co_return served{again->answer, lookup_result::hit};
        }
    }

    auto joined = start_fetch(key, fetch, ex);
    auto result = co_await flights_.wait(joined.f, deadline);
    const auto how = joined.leader ? lookup_result::fetched : lookup_result::coalesced;
    if (result && result->answer) {
        count(kind, how);
        co_return served{result->answer, how};
    }
    auto error = result && result->error ? *result->error : timeout_failure();
    // When 1C fails, an expired answer is better than none; it is marked so the UI can say so.
    if (cached && error.kind != onec::failure_kind::not_found) {
        count(kind, lookup_result::stale);
        served s{cached->answer, lookup_result::stale};
        s.stale = true;
        co_return s;
    }
    count(kind, lookup_result::error);
    served s;
    s.how = lookup_result::error;
    s.error = std::move(error);
    co_return s;
}

asio::awaitable<served> service::search(normalised_query query, std::string cart) {
    auto key = search_prefix(settings_.limit) + query.key;
    // Debounce per cart and kind: the newest search of a cart wins.
    auto debounce_key = cart.empty() ? std::string() : "s|" + cart;
    fetcher fetch = [gw = gateway_, text = std::move(query.text), limit = settings_.limit](clock::time_point deadline) {
        return fetch_search(gw, text, limit, deadline);
    };
    co_return co_await lookup(call_kind::search, std::move(key), std::move(debounce_key), std::move(fetch));
}

asio::awaitable<served> service::parameters(std::string item) {
    auto key = parameters_key(item);
    fetcher fetch = [gw = gateway_, item = std::move(item)](clock::time_point deadline) {
        return fetch_list(gw, call_kind::parameters, item, {}, deadline);
    };
    co_return co_await lookup(call_kind::parameters, std::move(key), {}, std::move(fetch));
}

asio::awaitable<served> service::values(std::string item, std::string parameter) {
    auto key = values_key(item, parameter);
    fetcher fetch = [gw = gateway_, item = std::move(item), parameter = std::move(parameter)](clock::time_point deadline) {
        return fetch_list(gw, call_kind::values, item, parameter, deadline);
    };
    co_return co_await lookup(call_kind::values, std::move(key), {}, std::move(fetch));
}

std::size_t service::invalidate(const std::vector<std::string>& item_ids) {
    const auto n = cache_.invalidate_items(item_ids);
    publish_cache();
    return n;
}

std::size_t service::invalidate_all() {
    const auto n = cache_.invalidate_all();
    publish_cache();
    return n;
}

}  // namespace hs1c::nomenclature
