#include "tests/stand/amocrm/account.hpp"

#include <algorithm>

namespace hs1c::stand::amo {

namespace {

// Creation times of the demo deals (2025-12-03 10:00 UTC and an hour later), as in the real answers
// under tests/fixtures/cases/amocrm/.
constexpr std::int64_t demo_created_at = 1764758400;
constexpr std::int64_t demo_updated_at = 1764762000;

constexpr std::int64_t field_onec_id = 880001;
constexpr std::int64_t field_comment = 880002;

constexpr std::int64_t pipeline_sales = 7001;
constexpr std::int64_t pipeline_service = 7002;

// Status ids of «Продажи» (61xxx) and «Сервис» (62xxx).
constexpr std::int64_t sales_unsorted = 61000;
constexpr std::int64_t sales_first_contact = 61001;
constexpr std::int64_t sales_negotiation = 61002;
constexpr std::int64_t sales_invoiced = 61003;
constexpr std::int64_t sales_paid = 61004;
constexpr std::int64_t service_unsorted = 62000;
constexpr std::int64_t service_new = 62001;
constexpr std::int64_t service_in_work = 62002;

constexpr std::int64_t demo_price = 150000;

// The demo account's names: user-facing Russian, kept together.
namespace names {
constexpr const char* field_onec_id = "Идентификатор 1С";
constexpr const char* field_comment = "Комментарий";
constexpr const char* unsorted = "Неразобранное";
constexpr const char* won = "Успешно реализовано";
constexpr const char* lost = "Закрыто и не реализовано";
constexpr const char* sales = "Продажи";
constexpr const char* first_contact = "Первичный контакт";
constexpr const char* negotiation = "Переговоры";
constexpr const char* invoiced = "Счёт выставлен";
constexpr const char* paid = "Оплачено";
constexpr const char* service = "Сервис";
constexpr const char* service_new = "Новая заявка";
constexpr const char* service_in_work = "В работе";
}  // namespace names

// The 1C order id of tests/fixtures/cases/amocrm/leads-query-partial-matches.json.
constexpr const char* demo_onec_id = "7b0c6a52-9a51-11ee-8c90-0242ac120002";

pipeline make_pipeline(std::int64_t id, std::string name, bool is_main, std::int64_t unsorted_id,
                       std::vector<status> stages) {
    pipeline p{id, std::move(name), is_main, {}};
    p.statuses.push_back({unsorted_id, names::unsorted, "#c1c1c1", true});
    for (auto& s : stages) p.statuses.push_back(std::move(s));
    p.statuses.push_back({status_won, names::won, "#ccff66", false});
    p.statuses.push_back({status_lost, names::lost, "#d5d8db", false});
    return p;
}

lead make_lead(std::int64_t id, std::string name, std::int64_t pipeline_id, std::int64_t status_id,
               std::vector<field_value> fields = {}, std::int64_t price = 0) {
    return lead{id, std::move(name), price, status_id, pipeline_id, demo_created_at, demo_updated_at,
                std::nullopt, std::move(fields)};
}

}  // namespace

const custom_field* account::find_field(std::int64_t id) const {
    const auto it = std::ranges::find(fields, id, &custom_field::id);
    return it == fields.end() ? nullptr : &*it;
}

const pipeline* account::find_pipeline(std::int64_t id) const {
    const auto it = std::ranges::find(pipelines, id, &pipeline::id);
    return it == pipelines.end() ? nullptr : &*it;
}

const status* account::find_status(std::int64_t pipeline_id, std::int64_t status_id) const {
    const auto* p = find_pipeline(pipeline_id);
    if (!p) return nullptr;
    const auto it = std::ranges::find(p->statuses, status_id, &status::id);
    return it == p->statuses.end() ? nullptr : &*it;
}

account demo_account() {
    account a;
    constexpr int first_sort = 510;
    a.fields = {{field_onec_id, names::field_onec_id, "text", first_sort},
                {field_comment, names::field_comment, "textarea", first_sort + 1}};
    a.pipelines.push_back(make_pipeline(pipeline_sales, names::sales, true, sales_unsorted,
                                        {{sales_first_contact, names::first_contact, "#99ccff", false},
                                         {sales_negotiation, names::negotiation, "#ffff99", false},
                                         {sales_invoiced, names::invoiced, "#ffcc66", false},
                                         {sales_paid, names::paid, "#87f2c0", false}}));
    a.pipelines.push_back(make_pipeline(pipeline_service, names::service, false, service_unsorted,
                                        {{service_new, names::service_new, "#99ccff", false},
                                         {service_in_work, names::service_in_work, "#ffff99", false}}));
    const std::string onec_id = demo_onec_id;
    const std::vector<lead> leads{
        make_lead(31337, "Сделка №31337", pipeline_sales, sales_first_contact),
        make_lead(40001, "Сделка A", pipeline_sales, sales_first_contact,
                  {{field_onec_id, {onec_id + "-old"}}}),
        make_lead(40002, "Сделка B, комментарий: 7b0c6a52", pipeline_sales, sales_first_contact,
                  {{field_comment, {"см. " + onec_id}}}),
        make_lead(40003, "Сделка C", pipeline_sales, sales_negotiation, {{field_onec_id, {onec_id}}}),
        make_lead(40004, "Заявка с сайта", pipeline_sales, sales_unsorted),
        make_lead(40005, "ООО «Ромашка»: поставка кабеля", pipeline_sales, sales_invoiced, {}, demo_price),
        make_lead(40006, "Гарантийный ремонт", pipeline_service, service_new),
    };
    for (const auto& l : leads) a.leads.emplace(l.id, l);
    return a;
}

}  // namespace hs1c::stand::amo
