// Every Russian text the 1C emulator answers with, kept together: error bodies imitate what real 1C
// servers and their web-server extension send (DESIGN §4.3, ../shared/cases/onec).
#pragma once

#include <string_view>

namespace hs1c::stand::onec::messages {

inline constexpr std::string_view runtime_error =
    "{ОбщийМодуль.ИнтеграцияHyperScript.Модуль(42)}: Ошибка при вызове метода контекста (Выполнить): "
    "Поле объекта не обнаружено (Артикул)";
inline constexpr std::string_view error_inside_200 = "Ошибка при выполнении запроса: Таблица не найдена \"РегистрСведений.Цены\"";
inline constexpr std::string_view session_timeout_xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><exception xmlns=\"http://v8.1c.ru/8.2/virtual-resource-system\" "
    "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xsi:type=\"Exception\" reason=\"406\"><descr xmlns=\"http://v8.1c.ru/8.1/data/core\">Истекло время ожидания "
    "сеанса</descr></exception>";
inline constexpr std::string_view licence =
    "Не обнаружена свободная лицензия!\r\nПревышено допустимое количество одновременно работающих "
    "пользователей (сеансов) для используемых лицензий.";
inline constexpr std::string_view unauthorized = "Ошибка аутентификации: неправильное имя или пароль пользователя";
inline constexpr std::string_view not_found = "Не найден ресурс, соответствующий запрошенному URL";
inline constexpr std::string_view method_not_allowed = "Метод не поддерживается для этого ресурса";

inline constexpr std::string_view no_query = "Не задан параметр q (строка поиска)";
inline constexpr std::string_view bad_limit = "Неверное значение параметра limit: ожидается целое число от 1";
inline constexpr std::string_view item_not_found = "Номенклатура с идентификатором %1 не найдена";
inline constexpr std::string_view parameter_not_found = "Параметр %1 не задан для номенклатуры %2";
inline constexpr std::string_view order_not_found = "Заказ клиента с идентификатором %1 не найден";
inline constexpr std::string_view bad_json = "Ошибка преобразования данных JSON: тело запроса не является объектом JSON";
inline constexpr std::string_view bad_field = "Неверное значение поля %1";
inline constexpr std::string_view no_items = "Заказ не содержит строк (items)";
inline constexpr std::string_view bad_line = "Строка %1: %2";
inline constexpr std::string_view value_not_allowed = "значение %1 не допускается для параметра %2";

inline constexpr std::string_view odata_filter = "Ошибка при разборе опции запроса $filter";
inline constexpr std::string_view odata_select = "Неправильное имя поля в опции запроса $select";
inline constexpr std::string_view odata_top = "Неправильное значение опции запроса $top";
inline constexpr std::string_view odata_query = "Ошибка разбора строки запроса";
inline constexpr std::string_view odata_not_found = "Не найден ресурс: %1";
inline constexpr std::string_view odata_no_entity = "Объект не найден";

}  // namespace hs1c::stand::onec::messages
