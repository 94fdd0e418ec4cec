// The emulated amoCRM account: its custom fields, pipelines with statuses and deals, as plain data, and
// the demo account every start and reset begins from.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hs1c::stand::amo {

// Statuses every pipeline has (amoCRM's fixed ids for "won" and "lost").
constexpr std::int64_t status_won = 142;
constexpr std::int64_t status_lost = 143;

constexpr std::int64_t account_id = 29000001;
constexpr std::int64_t demo_user_id = 504141;
constexpr const char* subdomain = "hs1cdemo";

struct custom_field {
    std::int64_t id;
    std::string name;
    std::string type;  // "text", "textarea"
    int sort;
};

struct status {
    std::int64_t id;
    std::string name;
    std::string color;
    bool unsorted;  // «Неразобранное»: type 1 in amoCRM, refuses status patches
};

struct pipeline {
    std::int64_t id;
    std::string name;
    bool is_main;
    std::vector<status> statuses;  // «Неразобранное» first, its stages, then 142 and 143
};

struct field_value {
    std::int64_t field_id;
    std::vector<std::string> values;
};

struct lead {
    std::int64_t id;
    std::string name;
    std::int64_t price = 0;
    std::int64_t status_id;
    std::int64_t pipeline_id;
    std::int64_t created_at;
    std::int64_t updated_at;
    std::optional<std::int64_t> closed_at;
    std::vector<field_value> fields;  // empty → custom_fields_values is null
};

struct account {
    std::vector<custom_field> fields;
    std::vector<pipeline> pipelines;
    std::map<std::int64_t, lead> leads;  // by id: lists come out in id order

    const custom_field* find_field(std::int64_t id) const;
    const pipeline* find_pipeline(std::int64_t id) const;
    // The status with that id in that pipeline (142 and 143 are in every pipeline).
    const status* find_status(std::int64_t pipeline_id, std::int64_t status_id) const;
};

account demo_account();

}  // namespace hs1c::stand::amo
