#include "proxy/observe/metrics.hpp"

#include <stdexcept>

namespace hs1c::observe {

namespace {

constexpr double micros_per_second = 1e6;

std::string escape_label_value(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

// HELP text escapes only backslash and newline (the exposition format's rule).
std::string escape_help(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

// Adds one more label to an already rendered set ("{a=\"x\"}" + le → "{a=\"x\",le=\"0.1\"}").
std::string with_label(const std::string& rendered, std::string_view name, std::string_view value) {
    std::string extra = std::string(name) + "=\"" + std::string(value) + "\"";
    if (rendered.empty()) return "{" + extra + "}";
    return rendered.substr(0, rendered.size() - 1) + "," + extra + "}";
}

std::string format_bound(double b) {
    std::string s = std::to_string(b);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

}  // namespace

std::string render_labels(const labels& l) {
    if (l.empty()) return {};
    std::string out = "{";
    for (std::size_t i = 0; i < l.size(); ++i) {
        if (i) out += ',';
        out += l[i].first;
        out += "=\"";
        out += escape_label_value(l[i].second);
        out += '"';
    }
    out += '}';
    return out;
}

void histogram::observe(double seconds) {
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (seconds <= bounds[i]) {
            buckets_[i].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    }
    count_.fetch_add(1, std::memory_order_relaxed);
    // NaN and negative durations (a clock stepping back) count as zero rather than corrupting the sum.
    const double micros = seconds > 0 ? seconds * micros_per_second : 0;
    sum_micros_.fetch_add(static_cast<std::uint64_t>(micros), std::memory_order_relaxed);
}

metrics::family& metrics::family_for(std::string_view name, std::string_view help, kind k) {
    auto it = families_.find(name);
    if (it == families_.end()) it = families_.emplace(std::string(name), family{k, std::string(help), {}, {}, {}}).first;
    if (it->second.k != k) throw std::logic_error("metric registered with two kinds: " + std::string(name));
    return it->second;
}

counter& metrics::get_counter(std::string_view name, std::string_view help, const labels& l) {
    const std::lock_guard lock(mutex_);
    auto& slot = family_for(name, help, kind::counter).counters[render_labels(l)];
    if (!slot) slot = std::make_unique<counter>();
    return *slot;
}

gauge& metrics::get_gauge(std::string_view name, std::string_view help, const labels& l) {
    const std::lock_guard lock(mutex_);
    auto& slot = family_for(name, help, kind::gauge).gauges[render_labels(l)];
    if (!slot) slot = std::make_unique<gauge>();
    return *slot;
}

histogram& metrics::get_histogram(std::string_view name, std::string_view help, const labels& l) {
    const std::lock_guard lock(mutex_);
    auto& slot = family_for(name, help, kind::histogram).histograms[render_labels(l)];
    if (!slot) slot = std::make_unique<histogram>();
    return *slot;
}

std::string metrics::render() const {
    const std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& [name, fam] : families_) {
        out += "# HELP " + name + " " + escape_help(fam.help) + "\n";
        switch (fam.k) {
            case kind::counter:
                out += "# TYPE " + name + " counter\n";
                for (const auto& [lbl, c] : fam.counters)
                    out += name + lbl + " " + std::to_string(c->value()) + "\n";
                break;
            case kind::gauge:
                out += "# TYPE " + name + " gauge\n";
                for (const auto& [lbl, g] : fam.gauges)
                    out += name + lbl + " " + std::to_string(g->value()) + "\n";
                break;
            case kind::histogram:
                out += "# TYPE " + name + " histogram\n";
                for (const auto& [lbl, h] : fam.histograms) {
                    std::uint64_t cumulative = 0;
                    for (std::size_t i = 0; i < histogram::bounds.size(); ++i) {
                        cumulative += h->buckets_[i].load(std::memory_order_relaxed);
                        out += name + "_bucket" + with_label(lbl, "le", format_bound(histogram::bounds[i])) +
                               " " + std::to_string(cumulative) + "\n";
                    }
                    const auto count = h->count();
                    out += name + "_bucket" + with_label(lbl, "le", "+Inf") + " " + std::to_string(count) + "\n";
                    out += name + "_sum" + lbl + " " +
                           std::to_string(static_cast<double>(h->sum_micros_.load()) / micros_per_second) + "\n";
                    out += name + "_count" + lbl + " " + std::to_string(count) + "\n";
                }
                break;
        }
    }
    return out;
}

}  // namespace hs1c::observe
