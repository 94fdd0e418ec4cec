#include "plugins/hyperscript/script_fields.hpp"

#include "plugins/hyperscript/rpc.hpp"
#include "proxy/store/database.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace hs1c::hyperscript {

namespace {

std::string string_member(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::vector<field_info> fields_from(const boost::json::object& fields) {
    std::vector<field_info> out;
    out.reserve(fields.size());
    for (const auto& [key, value] : fields) {
        const auto* f = value.if_object();
        if (!f) continue;
        const auto* idv = f->if_contains("id");
        auto id = idv ? id_text(*idv) : std::nullopt;
        if (!id) continue;
        out.push_back({std::move(*id), string_member(*f, "name"), string_member(*f, "type"),
                       string_member(*f, "sys_name"), f->contains("hs1c")});
    }
    return out;
}

void record_script_fields(store::connection& db, std::string_view script_id, const std::vector<field_info>& fields) {
    db.transaction([&](store::connection& tx) {
        tx.prepare("DELETE FROM script_fields WHERE script_id = ?1").bind(1, script_id).step();
        auto insert = tx.prepare(
            "INSERT INTO script_fields (script_id, field_id, name, type, sys_name, nomenclature)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        for (const auto& f : fields) {
            insert.reset();
            insert.bind(1, script_id).bind(2, f.id).bind(3, f.name).bind(4, f.type).bind(5, f.sys_name);
            insert.bind(6, std::int64_t{f.nomenclature ? 1 : 0});
            insert.step();
        }
    });
}

std::vector<field_info> script_fields(store::connection& db, std::string_view script_id) {
    std::vector<field_info> out;
    auto st = db.prepare("SELECT field_id, name, type, sys_name, nomenclature FROM script_fields WHERE script_id = ?1");
    st.bind(1, script_id);
    while (st.step())
        out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3), st.column_int64(4) != 0});
    return out;
}

}  // namespace hs1c::hyperscript
