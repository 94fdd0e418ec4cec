// The HyperScript stand's in-memory service: scripts, fields and pass logs, changed and read through
// the `/ajax` RPC methods of DESIGN §3.
#pragma once

#include "tests/stand/hyperscript/messages.hpp"
#include "tests/stand/hyperscript/script_model.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace hs1c::stand {

// What a method answers: the envelope's `response` member, or an error for `status: 1`.
struct rpc_outcome {
    boost::json::value response;
    const hs_messages::error_text* error = nullptr;
};

class script_store {
public:
    script_store();

    // Back to the demo data, pass logs dropped.
    void reset();

    // One RPC call: `params` is the whole parsed form (method and csrf_token included), `raw_body`
    // the bytes it came from (kept with pass logs).
    rpc_outcome call(std::string_view method, const boost::json::object& params, std::string_view raw_body);

    // For GET /_stand/state: scripts with their steps, every field, every pass log.
    boost::json::value state() const;

private:
    rpc_outcome list_scripts() const;
    rpc_outcome load_script(const boost::json::object& params) const;
    rpc_outcome add_field(const boost::json::object& params);
    rpc_outcome update_field(const boost::json::object& params);
    rpc_outcome delete_field(const boost::json::object& params);
    rpc_outcome get_script_fields(const boost::json::object& params) const;
    rpc_outcome update_node(const boost::json::object& params);
    rpc_outcome save_log(const boost::json::object& params, std::string_view raw_body);

    script* find_script(std::int64_t id);
    const script* find_script(std::int64_t id) const;
    boost::json::object fields_of(std::int64_t script_id) const;

    std::vector<script> scripts_;
    std::vector<script_field> fields_;
    std::int64_t next_field_id_ = 0;
    boost::json::array pass_logs_;
};

}  // namespace hs1c::stand
