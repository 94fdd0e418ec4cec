#include "plugins/onec/mapping.hpp"

#include "plugins/onec/decode.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string_view>

namespace hs1c::onec {

namespace {

constexpr std::string_view hs_root = "/hs/hyperscript/v1";
constexpr std::string_view odata_root = "/odata/standard.odata";

std::string hs_url(std::string_view tail) { return std::string(hs_root) + std::string(tail); }
std::string odata_url(std::string_view tail) { return std::string(odata_root) + std::string(tail); }

mapping hs_mapping()
{
    mapping m;
    m.profile = profile::hs;
    m.match = match_semantics::contains;
    m.search.url = hs_url("/nomenclature?q={q}&limit={limit}");
    m.search.answer = {"/items", {{"id", "/id"}, {"name", "/name"}, {"code", "/code"}, {"unit", "/unit"}}, "/more"};
    m.parameters.url = hs_url("/nomenclature/{item}/parameters");
    m.parameters.answer = {"/parameters", {{"id", "/id"}, {"name", "/name"}}, ""};
    m.values.url = hs_url("/nomenclature/{item}/parameters/{parameter}/values");
    m.values.answer = {"/values", {{"id", "/id"}, {"name", "/name"}}, ""};
    m.get_order.url = hs_url("/orders/{id}");
    m.create_order.url = hs_url("/orders");
    m.get_order.fields = {{"id", "/id"},       {"number", "/number"}, {"date", "/date"},
                          {"status", "/status"}, {"total", "/total"},   {"paid_at", "/paid_at"},
                          {"manager_id", "/manager_id"}};
    m.get_order.items = "/items";
    m.get_order.item_fields = {{"name", "/name"},         {"parameter", "/parameter"}, {"value", "/value"},
                               {"unit", "/unit"},         {"quantity", "/quantity"},   {"price", "/price"},
                               {"sum", "/sum"}};
    return m;
}

// УТ 11 names over the standard OData interface (DESIGN §4.2). The filters use only like(),
// `<bool> eq false` and `<key> eq guid'…'` joined by `and`: the subset the stand checks against.
mapping odata_mapping()
{
    mapping m;
    m.profile = profile::odata;
    m.match = match_semantics::contains;
    m.search.url = odata_url(
        "/Catalog_Номенклатура?$format=json&$top={limit}"
        "&$select=Ref_Key,Description,Code,ЕдиницаИзмерения"
        "&$filter=like(Description,'%{q:odata}%') and DeletionMark eq false and IsFolder eq false");
    m.search.answer = {"/value",
                       {{"id", "/Ref_Key"}, {"name", "/Description"}, {"code", "/Code"}, {"unit", "/ЕдиницаИзмерения"}},
                       ""};
    m.parameters.url = odata_url("/Catalog_Номенклатура(guid'{item}')/ДополнительныеРеквизиты?$format=json");
    m.parameters.answer = {"/value", {{"id", "/Свойство_Key"}}, ""};
    m.parameter_names.url =
        odata_url("/ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения?$format=json&$select=Ref_Key,Description");
    m.parameter_names.answer = {"/value", {{"id", "/Ref_Key"}, {"name", "/Description"}}, ""};
    m.values.url = odata_url(
        "/Catalog_ЗначенияСвойствОбъектов?$format=json"
        "&$filter=Owner_Key eq guid'{parameter}' and DeletionMark eq false");
    m.values.answer = {"/value", {{"id", "/Ref_Key"}, {"name", "/Description"}}, ""};
    return m;
}

const boost::json::value* at_pointer(const boost::json::value& root, std::string_view pointer)
{
    boost::system::error_code ec;
    return root.find_pointer(pointer, ec);
}

// A string as it is, a number as its JSON text; nullopt for anything else or nothing.
std::optional<std::string> text_of(const boost::json::value* v)
{
    if (v == nullptr) {
        return std::nullopt;
    }
    if (const auto* s = v->if_string()) {
        return std::string(*s);
    }
    if (v->is_number()) {
        return boost::json::serialize(*v);
    }
    return std::nullopt;
}

// The text of a mapped field inside `element`; nullopt when the field is unmapped or absent.
std::optional<std::string> field_text(const boost::json::value& element, const std::map<std::string, std::string>& fields,
                                      const std::string& name)
{
    const auto it = fields.find(name);
    if (it == fields.end()) {
        return std::nullopt;
    }
    return text_of(at_pointer(element, it->second));
}

std::string field_or_empty(const boost::json::value& element, const std::map<std::string, std::string>& fields,
                           const std::string& name)
{
    return field_text(element, fields, name).value_or(std::string{});
}

std::optional<decimal> field_decimal(const boost::json::value& element,
                                     const std::map<std::string, std::string>& fields, const std::string& name)
{
    const auto it = fields.find(name);
    if (it == fields.end()) {
        return std::nullopt;
    }
    const auto* v = at_pointer(element, it->second);
    return v == nullptr ? std::nullopt : read_decimal(*v);
}

failure shape_failure(std::string message)
{
    return failure{failure_kind::bad_answer, false, 0, std::move(message), false};
}

// The mapped array of an answer, or nullptr when the answer does not have the mapped shape.
const boost::json::array* list_of(const boost::json::value& answer, const std::string& pointer)
{
    const auto* list = at_pointer(answer, pointer);
    return list == nullptr ? nullptr : list->if_array();
}

// Calls `on_element(element, id)` for each element that is an object with a usable id; the rest
// are counted in *skipped.
template <class OnElement>
void for_each_identified(const boost::json::array& list, const list_mapping& m, std::size_t* skipped,
                         OnElement on_element)
{
    std::size_t dropped = 0;
    for (const auto& element : list) {
        if (!element.is_object()) {
            ++dropped;
            continue;
        }
        auto id = field_text(element, m.fields, "id");
        if (!id || is_empty_ref(*id)) {
            ++dropped;
            continue;
        }
        on_element(element, std::move(*id));
    }
    if (skipped != nullptr) {
        *skipped = dropped;
    }
}

std::string no_list_message(const std::string& pointer)
{
    return "the answer has no array at '" + pointer + "'";
}

}  // namespace

mapping default_mapping(onec::profile p)
{
    return p == profile::odata ? odata_mapping() : hs_mapping();
}

result<search_page> read_search(const boost::json::value& answer, const list_mapping& m, std::size_t* skipped)
{
    const auto* list = list_of(answer, m.list);
    if (list == nullptr) {
        return result<search_page>::fail(shape_failure(no_list_message(m.list)));
    }
    search_page page;
    page.items.reserve(list->size());
    for_each_identified(*list, m, skipped, [&](const boost::json::value& element, std::string id) {
        page.items.push_back(item{std::move(id), field_or_empty(element, m.fields, "name"),
                                  field_or_empty(element, m.fields, "code"), field_or_empty(element, m.fields, "unit")});
    });
    if (!m.more.empty()) {
        const auto* more = at_pointer(answer, m.more);
        page.more = more != nullptr && more->is_bool() && more->get_bool();
    }
    return result<search_page>::ok(std::move(page));
}

result<std::vector<named>> read_named(const boost::json::value& answer, const list_mapping& m, std::size_t* skipped)
{
    const auto* list = list_of(answer, m.list);
    if (list == nullptr) {
        return result<std::vector<named>>::fail(shape_failure(no_list_message(m.list)));
    }
    std::vector<named> out;
    out.reserve(list->size());
    for_each_identified(*list, m, skipped, [&](const boost::json::value& element, std::string id) {
        out.push_back(named{std::move(id), field_or_empty(element, m.fields, "name")});
    });
    return result<std::vector<named>>::ok(std::move(out));
}

result<order> read_order(const boost::json::value& answer, const order_mapping& m)
{
    if (!answer.is_object()) {
        return result<order>::fail(shape_failure("the order answer is not an object"));
    }
    order o;
    auto id = field_text(answer, m.fields, "id");
    if (!id || is_empty_ref(*id)) {
        return result<order>::fail(shape_failure("the order answer has no id"));
    }
    o.id = std::move(*id);
    o.number = field_or_empty(answer, m.fields, "number");
    o.status = field_or_empty(answer, m.fields, "status");
    o.total = field_decimal(answer, m.fields, "total");
    if (auto date = field_text(answer, m.fields, "date"); date && !is_empty_date(*date)) {
        o.date = std::move(*date);
    }
    if (auto paid_at = field_text(answer, m.fields, "paid_at"); paid_at && !is_empty_date(*paid_at)) {
        o.paid_at = std::move(*paid_at);
    }
    if (auto manager = field_text(answer, m.fields, "manager_id"); manager && !is_empty_ref(*manager)) {
        o.manager_id = std::move(*manager);
    }
    const auto* lines = list_of(answer, m.items);
    if (lines == nullptr) {
        return result<order>::fail(shape_failure(no_list_message(m.items)));
    }
    for (const auto& line : *lines) {
        if (!line.is_object()) {
            continue;
        }
        const auto& f = m.item_fields;
        o.items.push_back(order_line{field_or_empty(line, f, "name"), field_or_empty(line, f, "parameter"),
                                     field_or_empty(line, f, "value"), field_or_empty(line, f, "unit"),
                                     field_decimal(line, f, "quantity"), field_decimal(line, f, "price"),
                                     field_decimal(line, f, "sum")});
    }
    return result<order>::ok(std::move(o));
}

result<created_order> read_created_order(const boost::json::value& answer, const create_order_mapping& m)
{
    auto id = text_of(at_pointer(answer, m.id));
    if (!id || is_empty_ref(*id)) {
        return result<created_order>::fail(shape_failure("the created order has no id"));
    }
    created_order out{std::move(*id), text_of(at_pointer(answer, m.number)).value_or("")};
    return result<created_order>::ok(std::move(out));
}

}  // namespace hs1c::onec
