// How each 1C call looks in a profile: its URL template and where the answer's parts are (JSON
// pointers). Profiles `hs` (DESIGN §4.1) and `odata` (§4.2) give the defaults; the rules may override
// any of them, so an existing 1C service or another configuration's names need no rebuild.
#pragma once

#include "plugins/onec/types.hpp"

#include <boost/json/fwd.hpp>

#include <map>
#include <string>
#include <vector>

namespace hs1c::onec {

enum class profile { hs, odata };

// How 1C matches a search: whether a complete answer for "каб" also answers "кабе" locally.
enum class match_semantics { contains, prefix, opaque };

// Where a list sits in an answer and where each of our fields sits inside one element.
struct list_mapping {
    std::string list;  // JSON pointer to the array, "" = the answer itself
    std::map<std::string, std::string> fields;  // our field name → JSON pointer inside an element
    // JSON pointer (from the answer's root) to a bool "more matches exist"; "" = none: the caller
    // then asks for limit+1 elements and cuts the answer to limit, the extra one meaning "more".
    std::string more;
};

struct call_mapping {
    std::string url;  // template below the upstream's base path ("" = call not available)
    list_mapping answer;
};

// Where the parts of an order answer are (hs get order).
struct order_mapping {
    std::string url;
    std::map<std::string, std::string> fields;  // id number date status total paid_at manager_id
    std::string items;  // JSON pointer to the lines array
    std::map<std::string, std::string> item_fields;  // name parameter value unit quantity price sum
};

// Where the created order's id and number are in the answer to a create-order POST (its body is
// our contract's, DESIGN §4.1).
struct create_order_mapping {
    std::string url;  // "" = not available
    std::string id = "/id";
    std::string number = "/number";
};

struct mapping {
    onec::profile profile = profile::hs;
    match_semantics match = match_semantics::contains;
    // Placeholders: search {q} {limit}; parameters {item}; values {item} {parameter};
    // parameter_names none (odata: all property names, joined to parameters by id).
    call_mapping search;           // fields id name code unit
    call_mapping parameters;       // fields id [name]
    call_mapping parameter_names;  // fields id name; used when parameters carry no names
    call_mapping values;           // fields id name
    order_mapping get_order;       // placeholder {id}
    create_order_mapping create_order;  // no placeholders
};

mapping default_mapping(onec::profile p);

// Reading answers by a mapping. Elements that are not objects, or lack a non-empty string (or
// number) id, or whose id is the empty reference, are skipped and counted in *skipped; a missing or
// non-array list is bad_answer. Strings are taken as they are (names keep NBSP and inner spaces);
// numbers become their JSON text.
result<search_page> read_search(const boost::json::value& answer, const list_mapping& m,
                                std::size_t* skipped = nullptr);
result<std::vector<named>> read_named(const boost::json::value& answer, const list_mapping& m,
                                      std::size_t* skipped = nullptr);
// Numbers through read_decimal, dates and references through is_empty_date/is_empty_ref.
result<order> read_order(const boost::json::value& answer, const order_mapping& m);
// The id (non-empty, not the empty reference) and number (may be empty) of a created order.
result<created_order> read_created_order(const boost::json::value& answer, const create_order_mapping& m);

}  // namespace hs1c::onec
