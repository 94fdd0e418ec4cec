#include "tests/stand/amocrm/card_page.hpp"

#include "tests/stand/amocrm/amo_assets.hpp"
#include "tests/stand/amocrm/render.hpp"
#include "tests/stand/amocrm/text.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <map>
#include <string_view>

namespace hs1c::stand::amo {

namespace {

constexpr std::string_view page_language = "ru";
constexpr std::string_view jquery_tag = R"(<script src="/_stand/amo/jquery.min.js"></script>)";

// User-facing texts of the card, kept together.
namespace text {
constexpr std::string_view new_deal = "Новая сделка";
constexpr std::string_view deals = "Сделки";
constexpr std::string_view price = "Бюджет";
constexpr std::string_view responsible = "Ответственный";
constexpr std::string_view responsible_name = "Менеджер hs1c";
constexpr std::string_view currency = " ₽";
constexpr std::string_view missing_title = "Сделка не найдена";
constexpr std::string_view missing_body = "Сделки с таким номером нет в этом аккаунте.";
constexpr std::string_view widget_loading = "Загрузка виджета…";
constexpr std::string_view no_widget = "Виджет не подключён: запустите стенд с --widget DIR.";
constexpr std::string_view no_jquery = "jQuery не найден (node_modules/jquery или HS1C_JQUERY): виджет не загружен.";
}  // namespace text

// Fills {{name}} markers in one pass, so values containing markers stay as they are.
std::string fill_template(std::string_view tmpl, const std::map<std::string, std::string, std::less<>>& values) {
    std::string out;
    std::size_t pos = 0;
    for (auto open = tmpl.find("{{"); open != std::string_view::npos; open = tmpl.find("{{", pos)) {
        const auto close = tmpl.find("}}", open);
        if (close == std::string_view::npos) break;
        const auto it = values.find(tmpl.substr(open + 2, close - open - 2));
        if (it == values.end()) {
            out.append(tmpl.substr(pos, close + 2 - pos));
        } else {
            out.append(tmpl.substr(pos, open - pos));
            out += it->second;
        }
        pos = close + 2;
    }
    out.append(tmpl.substr(pos));
    return out;
}

// JSON inside <script> must not contain "</": written as "<\/", which is the same JSON string.
std::string script_safe_json(const boost::json::value& v) {
    const std::string json = boost::json::serialize(v);
    std::string out;
    out.reserve(json.size());
    for (std::size_t i = 0; i < json.size(); ++i) {
        out += json[i];
        if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') out += '\\';
    }
    return out;
}

std::string field_values(const lead* deal, std::int64_t field_id) {
    if (!deal) return {};
    const auto it = std::ranges::find(deal->fields, field_id, &field_value::field_id);
    if (it == deal->fields.end()) return {};
    std::string joined;
    for (const auto& v : it->values) joined += (joined.empty() ? "" : ", ") + v;
    return joined;
}

std::string card_html(const account& a, const card_view& view) {
    const pipeline* p = view.deal ? a.find_pipeline(view.deal->pipeline_id) : &a.pipelines.front();
    const status* s = view.deal ? a.find_status(view.deal->pipeline_id, view.deal->status_id) : nullptr;
    if (!s && p) {
        const auto first = std::ranges::find_if(p->statuses, [](const status& st) { return !st.unsorted; });
        s = first == p->statuses.end() ? nullptr : &*first;
    }
    const std::string name = view.deal ? view.deal->name : std::string(text::new_deal);
    std::string html;
    html += "<header class=\"card-head\"><div class=\"card-head__crumbs\">" + std::string(text::deals);
    if (p) html += " / " + html_escape(p->name);
    html += "</div><h1 class=\"card-head__name\" id=\"card_name\">" + html_escape(name) + "</h1>";
    html += "<div class=\"card-head__id\" id=\"card_id\">#" + std::to_string(view.id) + "</div></header>\n";
    html += "<section class=\"card-stage\"><div class=\"card-stage__pipeline\">" + (p ? html_escape(p->name) : "") +
            "</div><div class=\"card-stage__status\" id=\"card_status\" data-status-id=\"" +
            (s ? std::to_string(s->id) : "") + "\" style=\"background:" + (s ? s->color : "#eee") + "\">" +
            (s ? html_escape(s->name) : "") + "</div></section>\n";
    html += "<dl class=\"card-fields\">\n";
    html += "<dt>" + std::string(text::price) + "</dt><dd id=\"card_price\">" +
            std::to_string(view.deal ? view.deal->price : 0) + std::string(text::currency) + "</dd>\n";
    html += "<dt>" + std::string(text::responsible) + "</dt><dd>" + std::string(text::responsible_name) + "</dd>\n";
    for (const auto& f : a.fields)
        html += "<dt>" + html_escape(f.name) + "</dt><dd data-field-id=\"" + std::to_string(f.id) + "\">" +
                html_escape(field_values(view.deal, f.id)) + "</dd>\n";
    html += "</dl>";
    return html;
}

}  // namespace

std::string render_card_page(const account& a, const card_view& view) {
    boost::json::object bootstrap{
        {"card", boost::json::object{{"id", view.id}}},
        {"lead", view.deal ? boost::json::value(render_lead(a, *view.deal, view.base_url)) : boost::json::value(nullptr)},
        {"widget", view.widget},
        {"style", view.widget_style},
        {"jquery", view.jquery},
        {"settings", view.settings},
        {"lang", page_language},
        {"account", boost::json::object{{"id", account_id}, {"subdomain", subdomain}}},
        {"user", boost::json::object{{"id", demo_user_id}}}};
    const std::string title = view.deal ? view.deal->name : std::string(text::new_deal);
    const auto panel_state = !view.widget ? "none" : !view.jquery ? "error" : "loading";
    const auto panel_text = !view.widget ? text::no_widget : !view.jquery ? text::no_jquery : text::widget_loading;
    return fill_template(amo_assets::card_html(), {{"title", html_escape(title)},
                                                   {"head", std::string(view.jquery ? jquery_tag : std::string_view{})},
                                                   {"card", card_html(a, view)},
                                                   {"panel_state", std::string(panel_state)},
                                                   {"panel_text", std::string(panel_text)},
                                                   {"bootstrap", script_safe_json(bootstrap)}});
}

std::string render_missing_card_page(std::int64_t id) {
    return "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>" + std::string(text::missing_title) +
           "</title></head><body><h1>" + std::string(text::missing_title) + " #" + std::to_string(id) + "</h1><p>" +
           std::string(text::missing_body) + "</p></body></html>\n";
}

}  // namespace hs1c::stand::amo
