// Turning the names in the rules into amoCRM ids (DESIGN §5): the «Идентификатор 1С» custom field
// from GET /api/v4/leads/custom_fields and each stage's pipeline and status from
// GET /api/v4/leads/pipelines. A name matches exactly, or else when it is the only one equal after
// folding spaces, case and ё/е (people type «Счет» for «Счёт»); anything missing or ambiguous is a
// problem that makes the calls needing it fail loudly instead of writing to the wrong place. Pure.
#pragma once

#include "plugins/amocrm/settings.hpp"
#include "plugins/amocrm/types.hpp"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::amocrm {

struct custom_field {
    std::int64_t id = 0;
    std::string name;
    std::string type;  // "text", "textarea", "numeric"…
};

struct status_info {
    std::int64_t id = 0;
    std::string name;
    bool unsorted = false;  // «Неразобранное» (type 1): leads cannot be moved into it
};

struct pipeline_info {
    std::int64_t id = 0;
    std::string name;
    std::vector<status_info> statuses;
};

struct custom_fields_page {
    std::vector<custom_field> fields;
    bool more = false;  // _links.next is present
};

struct stage_ids {
    std::int64_t pipeline_id = 0;
    std::int64_t status_id = 0;
};

struct resolution {
    std::optional<std::int64_t> onec_id_field;  // nullopt: not configured or not found
    std::map<std::string, stage_ids> stages;    // the events whose stage was found
    std::vector<std::string> problems;          // what was not found or is ambiguous (for logs)
    std::vector<std::string> warnings;          // found, but worth a look (loose match, field type)
};

// `_embedded.custom_fields`; null (a 204) is an empty last page.
result<custom_fields_page> read_custom_fields(const boost::json::value& doc);
// `_embedded.pipelines[]` with their `_embedded.statuses`.
result<std::vector<pipeline_info>> read_pipelines(const boost::json::value& doc);

// Trimmed, spaces folded, lower case, ё as е; "" for invalid UTF-8 (which then matches only itself).
std::string loose_name(std::string_view name);

resolution resolve_names(const gateway_settings& s, const std::vector<custom_field>& fields,
                         const std::vector<pipeline_info>& pipelines);

}  // namespace hs1c::amocrm
