#include "plugins/amocrm/send_schedule.hpp"

#include <algorithm>

namespace hs1c::amocrm {

namespace {

constexpr std::chrono::milliseconds window_margin{100};
constexpr std::chrono::seconds one_second{1};
constexpr std::chrono::seconds recovery_period{30};

}  // namespace

send_schedule::plan plan_for(unsigned rps) { return {rps, one_second + window_margin, recovery_period}; }

send_schedule::send_schedule(plan p) : plan_(p), allowance_(std::max<std::size_t>(p.per_window, 1)) {
    plan_.per_window = allowance_;
}

void send_schedule::recover(clock::time_point now) {
    if (allowance_ >= plan_.per_window || plan_.recovery <= clock::duration::zero()) return;
    const auto quiet = now - changed_at_;
    if (quiet < plan_.recovery) return;
    const auto steps = static_cast<std::size_t>(quiet / plan_.recovery);
    allowance_ = std::min(plan_.per_window, allowance_ + steps);
    changed_at_ += plan_.recovery * static_cast<clock::duration::rep>(steps);
}

void send_schedule::forget_old(clock::time_point now) {
    // A send a whole window ago constrains nothing. Recent ones are kept even behind many future
    // reservations: a 429 may cancel those, and then the recent sends are what the next slot must
    // keep clear of.
    while (!sent_.empty() && sent_.front() + plan_.window <= now) sent_.pop_front();
}

std::optional<send_schedule::slot> send_schedule::reserve(clock::time_point now, clock::time_point latest) {
    recover(now);
    forget_old(now);
    auto at = std::max(now, paused_until_);
    if (!sent_.empty()) at = std::max(at, sent_.back());
    if (sent_.size() >= allowance_) at = std::max(at, sent_[sent_.size() - allowance_] + plan_.window);
    if (at > latest) return std::nullopt;
    sent_.push_back(at);
    return slot{at, epoch_};
}

bool send_schedule::slow_down(std::uint64_t epoch, clock::time_point now, clock::duration pause) {
    if (epoch != epoch_) return false;
    ++epoch_;
    allowance_ = std::max<std::size_t>(allowance_ / 2, 1);
    changed_at_ = now;
    paused_until_ = std::max(paused_until_, now + pause);
    while (!sent_.empty() && sent_.back() > now) sent_.pop_back();
    return true;
}

void send_schedule::hold(clock::time_point until) { paused_until_ = std::max(paused_until_, until); }

void send_schedule::replan(plan p) {
    plan_ = p;
    plan_.per_window = std::max<std::size_t>(p.per_window, 1);
    allowance_ = std::min(allowance_, plan_.per_window);
}

}  // namespace hs1c::amocrm
