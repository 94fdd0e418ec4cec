#include "tests/stand/hyperscript/demo_script.hpp"

#include <boost/json/array.hpp>

namespace hs1c::stand {

namespace {

constexpr std::int64_t demo_script_id = 5120;
constexpr std::int64_t demo_script_ver = 17;

constexpr std::int64_t step_greeting = 88231;
constexpr std::int64_t step_needs = 88232;
constexpr std::int64_t step_order = 88233;
constexpr std::int64_t step_done = 88234;
constexpr std::int64_t step_no_order = 88235;

constexpr std::int64_t field_client_name = 7101;
constexpr std::int64_t field_phone = 7102;
constexpr std::int64_t field_delivery = 7104;
constexpr std::int64_t field_services = 7105;
constexpr std::int64_t field_lead_id = 7106;
// 7103 is left free: in the recorded cases it is the nomenclature field a writer adds later.
constexpr std::int64_t first_free_field_id = 7107;

std::string tag(std::int64_t id, std::string_view name) {
    return "<hs class=\"js_field\" data-id=\"" + std::to_string(id) + "\">" + std::string(name) + "</hs>";
}

}  // namespace

demo_data make_demo() {
    demo_data demo;
    script s{demo_script_id, "Продажа: входящий звонок", demo_script_ver, {}};
    s.steps = {
        {step_greeting, "Приветствие",
         "Здравствуйте! Компания «Уютный дом», меня зовут Анна. Как я могу к вам обращаться? " +
             tag(field_client_name, "Имя клиента"),
         {{60001, "Клиент представился", step_needs}, {60002, "Не хочет разговаривать", step_no_order}},
         false},
        {step_needs, "Выявление потребности",
         "Очень приятно! Подскажите, пожалуйста, номер телефона для связи: " + tag(field_phone, "Телефон") +
             ". Номер сделки в CRM: " + tag(field_lead_id, "ID сделки") + ".",
         {{60003, "Хочет оформить заказ", step_order}, {60004, "Нужна только консультация", step_no_order}},
         false},
        {step_order, "Оформление заказа",
         "Подберите товары по запросу клиента. Нужна ли доставка? " + tag(field_delivery, "Доставка") +
             " Дополнительные услуги: " + tag(field_services, "Услуги"),
         {{60005, "Заказ собран", step_done}, {60006, "Клиент передумал", step_no_order}},
         false},
        {step_done, "Завершение: заказ оформлен",
         "Спасибо! Ваш заказ оформлен, менеджер свяжется с вами в течение часа. Всего доброго!", {}, true},
        {step_no_order, "Завершение без заказа",
         "Спасибо за звонок! Будем рады помочь, когда решитесь. Всего доброго!", {}, false},
    };
    demo.scripts.push_back(std::move(s));

    const auto field = [](std::int64_t id, std::int64_t node, std::string name, std::string type,
                          std::string sys_name, boost::json::value options, std::int64_t position) {
        script_field f;
        f.id = id;
        f.script_id = demo_script_id;
        f.node_id = node;
        f.name = std::move(name);
        f.type = std::move(type);
        f.sys_name = std::move(sys_name);
        f.is_from_crm = !f.sys_name.empty();
        f.options = std::move(options);
        f.position = position;
        return f;
    };
    demo.fields = {
        field(field_client_name, step_greeting, "Имя клиента", "text", "", boost::json::string(), 1),
        field(field_phone, step_needs, "Телефон", "text", "", boost::json::string(), 2),
        field(field_delivery, step_order, "Доставка", "checkbox", "", boost::json::string(), 3),
        field(field_services, step_order, "Услуги", "multilist", "",
              boost::json::string("Доставка\nМонтаж & наладка\nВывоз упаковки"), 4),
        field(field_lead_id, step_needs, "ID сделки", "text", "lead_id", boost::json::string(), 5),
    };
    demo.next_field_id = first_free_field_id;
    return demo;
}

}  // namespace hs1c::stand
