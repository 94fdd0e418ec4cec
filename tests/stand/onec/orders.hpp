// Customer orders of the 1C emulator: validation of POST /orders bodies, idempotency by external_id,
// numbering ЗК-000001…, and the order as GET /orders/<id> answers it.
#pragma once

#include "tests/stand/onec/catalog.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <variant>
#include <deque>
#include <vector>

namespace hs1c::stand::onec {

struct order_line {
    std::string nomenclature_id;
    std::string name;
    std::string unit;
    std::string parameter_id;
    std::string parameter_name;
    std::string value_id;
    std::string value_name;
    double quantity = 0;
    double price = 0;
};

struct order {
    std::string id;
    std::string number;
    std::string external_id;
    std::string date;
    std::string status;
    boost::json::value request;  // the body as received, for tests reading state()
    std::vector<order_line> lines;
};

struct order_error {
    std::string message;
};

class order_book {
public:
    // The order for this body (an existing one for a repeated external_id: `created` false), or why the
    // body is refused.
    struct created_order {
        const order* value;
        bool created;
    };
    std::variant<created_order, order_error> create(const boost::json::value& body, const catalog& cat);

    const order* find(std::string_view id) const;
    // As GET /orders/<id> answers; with `nbsp_numbers` the numbers are strings the way 1C formats them.
    static boost::json::object to_json(const order& o, bool nbsp_numbers);
    boost::json::array state() const;
    void clear();

private:
    std::string random_guid();

    std::deque<order> orders_;  // deque: pointers handed out stay valid
    std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace hs1c::stand::onec
