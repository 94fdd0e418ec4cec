#include "tests/stand/amocrm/render.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace hs1c::stand::amo {

namespace {

constexpr int pipeline_sort_step = 1;
constexpr int status_sort_step = 10;
constexpr int status_type_regular = 0;
constexpr int status_type_unsorted = 1;
constexpr const char* account_name = "hs1c demo";

boost::json::object self_link(std::string href) {
    return boost::json::object{{"self", boost::json::object{{"href", std::move(href)}}}};
}

boost::json::value render_values(const account& a, const lead& l) {
    if (l.fields.empty()) return nullptr;
    boost::json::array out;
    for (const auto& fv : l.fields) {
        const auto* field = a.find_field(fv.field_id);
        boost::json::array values;
        for (const auto& v : fv.values) values.push_back(boost::json::object{{"value", v}});
        out.push_back(boost::json::object{{"field_id", fv.field_id},
                                          {"field_name", field ? field->name : std::string()},
                                          {"field_code", nullptr},
                                          {"field_type", field ? field->type : std::string("text")},
                                          {"values", std::move(values)}});
    }
    return out;
}

}  // namespace

boost::json::object render_lead(const account& a, const lead& l, std::string_view base_url) {
    boost::json::object o;
    o["id"] = l.id;
    o["name"] = l.name;
    o["price"] = l.price;
    o["responsible_user_id"] = demo_user_id;
    o["group_id"] = 0;
    o["status_id"] = l.status_id;
    o["pipeline_id"] = l.pipeline_id;
    o["loss_reason_id"] = nullptr;
    o["created_by"] = demo_user_id;
    o["updated_by"] = demo_user_id;
    o["created_at"] = l.created_at;
    o["updated_at"] = l.updated_at;
    o["closed_at"] = l.closed_at ? boost::json::value(*l.closed_at) : boost::json::value(nullptr);
    o["closest_task_at"] = nullptr;
    o["is_deleted"] = false;
    o["custom_fields_values"] = render_values(a, l);
    o["score"] = nullptr;
    o["account_id"] = account_id;
    o["_links"] = self_link(std::string(base_url) + "/api/v4/leads/" + std::to_string(l.id));
    o["_embedded"] = boost::json::object{{"tags", boost::json::array{}}, {"companies", boost::json::array{}}};
    return o;
}

boost::json::object render_custom_fields(const account& a, std::string_view base_url) {
    boost::json::array fields;
    for (const auto& f : a.fields) {
        fields.push_back(boost::json::object{
            {"id", f.id},
            {"name", f.name},
            {"type", f.type},
            {"account_id", account_id},
            {"code", nullptr},
            {"sort", f.sort},
            {"is_api_only", false},
            {"enums", nullptr},
            {"group_id", nullptr},
            {"required_statuses", boost::json::array{}},
            {"is_deletable", true},
            {"is_predefined", false},
            {"entity_type", "leads"},
            {"remind", nullptr},
            {"_links", self_link(std::string(base_url) + "/api/v4/leads/custom_fields/" + std::to_string(f.id))}});
    }
    return boost::json::object{
        {"_total_items", fields.size()},
        {"_page", 1},
        {"_page_count", 1},
        {"_links", self_link(std::string(base_url) + "/api/v4/leads/custom_fields?page=1")},
        {"_embedded", boost::json::object{{"custom_fields", std::move(fields)}}}};
}

boost::json::object render_pipelines(const account& a, std::string_view base_url) {
    boost::json::array pipelines;
    int pipeline_sort = 0;
    for (const auto& p : a.pipelines) {
        const std::string pipeline_url = std::string(base_url) + "/api/v4/leads/pipelines/" + std::to_string(p.id);
        boost::json::array statuses;
        int sort = 0;
        for (const auto& s : p.statuses) {
            sort += status_sort_step;
            statuses.push_back(boost::json::object{
                {"id", s.id},
                {"name", s.name},
                {"sort", sort},
                {"is_editable", !s.unsorted && s.id != status_won && s.id != status_lost},
                {"pipeline_id", p.id},
                {"color", s.color},
                {"type", s.unsorted ? status_type_unsorted : status_type_regular},
                {"account_id", account_id},
                {"_links", self_link(pipeline_url + "/statuses/" + std::to_string(s.id))}});
        }
        pipeline_sort += pipeline_sort_step;
        pipelines.push_back(boost::json::object{{"id", p.id},
                                                {"name", p.name},
                                                {"sort", pipeline_sort},
                                                {"is_main", p.is_main},
                                                {"is_unsorted_on", true},
                                                {"is_archive", false},
                                                {"account_id", account_id},
                                                {"_links", self_link(pipeline_url)},
                                                {"_embedded", boost::json::object{{"statuses", std::move(statuses)}}}});
    }
    return boost::json::object{{"_total_items", pipelines.size()},
                               {"_links", self_link(std::string(base_url) + "/api/v4/leads/pipelines")},
                               {"_embedded", boost::json::object{{"pipelines", std::move(pipelines)}}}};
}

boost::json::object render_account(std::string_view base_url) {
    return boost::json::object{{"id", account_id},
                               {"name", account_name},
                               {"subdomain", subdomain},
                               {"current_user_id", demo_user_id},
                               {"country", "RU"},
                               {"currency", "RUB"},
                               {"_links", self_link(std::string(base_url) + "/api/v4/account")}};
}

}  // namespace hs1c::stand::amo
