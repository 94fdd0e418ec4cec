// The 1C emulator's catalogue: groups, items and their parameters with allowed values, loaded from
// the --catalog JSON shape or generated, plus the lookups both profiles need.
#pragma once

#include <boost/json/fwd.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs1c::stand::onec {

struct group {
    std::string id;
    std::string name;
    std::string parent;  // empty at the top level
    bool deleted = false;
};

struct value {
    std::string id;
    std::string name;
};

struct parameter {
    std::string id;
    std::string name;
    std::vector<value> values;
};

struct item_parameter {
    std::string id;
    std::vector<std::string> values;  // ids of the values allowed for this item
};

struct item {
    std::string id;
    std::string code;
    std::string article;
    std::string name;
    std::string unit;
    std::string group;
    bool deleted = false;
    double price = 0;
    std::vector<item_parameter> parameters;
    // Derived on load: the name folded for search, and deleted-or-inside-a-deleted-group.
    std::string folded_name;
    bool effectively_deleted = false;
};

class catalog {
public:
    catalog(std::vector<group> groups, std::vector<parameter> parameters, std::vector<item> items);

    // The JSON shape of issue 3; an error message when the document does not match it.
    static catalog from_json(const boost::json::value& doc, std::string& error);

    const std::vector<group>& groups() const { return groups_; }
    const std::vector<parameter>& parameters() const { return parameters_; }
    const std::vector<item>& items() const { return items_; }

    const item* find_item(std::string_view id) const;
    const group* find_group(std::string_view id) const;
    const parameter* find_parameter(std::string_view id) const;
    const value* find_value(const parameter& p, std::string_view value_id) const;
    // A group is effectively deleted when it or any ancestor is.
    bool group_deleted(std::string_view id) const;

private:
    std::vector<group> groups_;
    std::vector<parameter> parameters_;
    std::vector<item> items_;
    std::map<std::string, std::size_t, std::less<>> item_index_;
    std::map<std::string, std::size_t, std::less<>> group_index_;
    std::map<std::string, std::size_t, std::less<>> parameter_index_;
};

// The built-in deterministic catalogue (about 3000 items, messy names included) for a seed.
catalog generate_catalog(unsigned seed);

}  // namespace hs1c::stand::onec
