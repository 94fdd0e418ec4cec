#include "plugins/hyperscript/cart_store.hpp"

#include "proxy/store/database.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace hs1c::hyperscript::cart_store {

namespace {

std::optional<std::string> nullable_text(const store::statement& st, int col) {
    if (st.column_is_null(col)) return std::nullopt;
    return st.column_text(col);
}

void bind_nullable(store::statement& st, int index, const std::optional<std::string>& v) {
    if (v) st.bind(index, *v);
    else st.bind_null(index);
}

void touch(store::connection& db, std::string_view cart_id) {
    db.prepare("UPDATE carts SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1")
        .bind(1, cart_id)
        .step();
}

changed after(store::connection& db, std::string_view cart_id, change outcome) {
    return {outcome, load(db, cart_id)};
}

}  // namespace

bool exists(store::connection& db, std::string_view id) {
    return db.prepare("SELECT 1 FROM carts WHERE id = ?1").bind(1, id).step();
}

void create(store::connection& db, const cart& c) {
    db.prepare("INSERT INTO carts (id, script_id, field_id, context) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, c.id)
        .bind(2, c.script_id)
        .bind(3, c.field_id)
        .bind(4, boost::json::serialize(c.context))
        .step();
}

std::optional<cart> load(store::connection& db, std::string_view id) {
    auto head = db.prepare("SELECT script_id, field_id, context FROM carts WHERE id = ?1");
    head.bind(1, id);
    if (!head.step()) return std::nullopt;
    cart c;
    c.id = std::string(id);
    c.script_id = head.column_text(0);
    c.field_id = head.column_text(1);
    boost::system::error_code ec;
    auto context = boost::json::parse(head.column_text(2), ec);
    if (!ec && context.is_object()) c.context = std::move(context.get_object());

    auto lines = db.prepare(
        "SELECT id, item_id, item_name, item_code, item_unit, parameter_id, parameter_name, value_id, value_name,"
        " quantity_milli FROM cart_lines WHERE cart_id = ?1 ORDER BY position");
    lines.bind(1, id);
    while (lines.step()) {
        cart_line l;
        l.id = lines.column_text(0);
        l.item = {lines.column_text(1), lines.column_text(2), lines.column_text(3), lines.column_text(4)};
        if (auto pid = nullable_text(lines, 5)) l.parameter = onec::named{*pid, lines.column_text(6)};
        if (auto vid = nullable_text(lines, 7)) l.value = onec::named{*vid, lines.column_text(8)};
        l.quantity = lines.column_int64(9);
        c.lines.push_back(std::move(l));
    }
    return c;
}

changed add_line(store::connection& db, std::string_view cart_id, const cart_line& line, std::size_t max_lines) {
    return db.transaction([&](store::connection& tx) -> changed {
        if (!exists(tx, cart_id)) return {change::cart_missing, std::nullopt};
        const std::optional<std::string> pid = line.parameter ? std::optional(line.parameter->id) : std::nullopt;
        const std::optional<std::string> vid = line.value ? std::optional(line.value->id) : std::nullopt;
        auto same = tx.prepare(
            "SELECT id, quantity_milli FROM cart_lines WHERE cart_id = ?1 AND item_id = ?2"
            " AND parameter_id IS ?3 AND value_id IS ?4");
        same.bind(1, cart_id).bind(2, line.item.id);
        bind_nullable(same, 3, pid);
        bind_nullable(same, 4, vid);
        if (same.step()) {
            const auto id = same.column_text(0);
            const auto total = std::min(same.column_int64(1) + line.quantity, max_quantity);
            tx.prepare("UPDATE cart_lines SET quantity_milli = ?1 WHERE id = ?2").bind(1, total).bind(2, id).step();
            touch(tx, cart_id);
            return after(tx, cart_id, change::done);
        }
        auto count = tx.prepare("SELECT COUNT(*), COALESCE(MAX(position), 0) FROM cart_lines WHERE cart_id = ?1");
        count.bind(1, cart_id);
        count.step();
        if (static_cast<std::size_t>(count.column_int64(0)) >= max_lines) return after(tx, cart_id, change::cart_full);
        const auto position = count.column_int64(1) + 1;
        auto insert = tx.prepare(
            "INSERT INTO cart_lines (id, cart_id, position, item_id, item_name, item_code, item_unit,"
            " parameter_id, parameter_name, value_id, value_name, quantity_milli)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
        insert.bind(1, line.id).bind(2, cart_id).bind(3, position).bind(4, line.item.id).bind(5, line.item.name);
        insert.bind(6, line.item.code).bind(7, line.item.unit);
        bind_nullable(insert, 8, pid);
        bind_nullable(insert, 9, line.parameter ? std::optional(line.parameter->name) : std::nullopt);
        bind_nullable(insert, 10, vid);
        bind_nullable(insert, 11, line.value ? std::optional(line.value->name) : std::nullopt);
        insert.bind(12, line.quantity);
        insert.step();
        touch(tx, cart_id);
        return after(tx, cart_id, change::done);
    });
}

changed set_quantity(store::connection& db, std::string_view cart_id, std::string_view line_id, quantity_milli q) {
    return db.transaction([&](store::connection& tx) -> changed {
        if (!exists(tx, cart_id)) return {change::cart_missing, std::nullopt};
        tx.prepare("UPDATE cart_lines SET quantity_milli = ?1 WHERE id = ?2 AND cart_id = ?3")
            .bind(1, q)
            .bind(2, line_id)
            .bind(3, cart_id)
            .step();
        if (tx.changes() == 0) return after(tx, cart_id, change::line_missing);
        touch(tx, cart_id);
        return after(tx, cart_id, change::done);
    });
}

changed remove_line(store::connection& db, std::string_view cart_id, std::string_view line_id) {
    return db.transaction([&](store::connection& tx) -> changed {
        if (!exists(tx, cart_id)) return {change::cart_missing, std::nullopt};
        tx.prepare("DELETE FROM cart_lines WHERE id = ?1 AND cart_id = ?2").bind(1, line_id).bind(2, cart_id).step();
        if (tx.changes() == 0) return after(tx, cart_id, change::line_missing);
        touch(tx, cart_id);
        return after(tx, cart_id, change::done);
    });
}

void register_field(store::connection& db, std::string_view script_id, std::string_view field_id, std::string_view name) {
    db.prepare("INSERT INTO nomenclature_fields (script_id, field_id, name) VALUES (?1, ?2, ?3)"
               " ON CONFLICT (script_id, field_id) DO UPDATE SET name = excluded.name")
        .bind(1, script_id)
        .bind(2, field_id)
        .bind(3, name)
        .step();
}

void unregister_field(store::connection& db, std::string_view field_id) {
    db.prepare("DELETE FROM nomenclature_fields WHERE field_id = ?1").bind(1, field_id).step();
}

std::set<std::string> registered_fields(store::connection& db, std::string_view script_id) {
    std::set<std::string> out;
    auto st = db.prepare("SELECT field_id FROM nomenclature_fields WHERE script_id = ?1");
    st.bind(1, script_id);
    while (st.step()) out.insert(st.column_text(0));
    return out;
}

}  // namespace hs1c::hyperscript::cart_store
