// What operators read when a cart request cannot be done: Russian, saying what to do.
#pragma once

#include <string_view>

namespace hs1c::hyperscript::messages {

inline constexpr std::string_view bad_body = "Неверный запрос к корзине. Обновите страницу и повторите.";
inline constexpr std::string_view bad_ids = "Неверный идентификатор скрипта или поля. Обновите страницу.";
inline constexpr std::string_view cart_not_found = "Корзина не найдена: возможно, звонок уже завершён. Начните заново.";
inline constexpr std::string_view line_not_found = "Строка уже удалена из корзины.";
inline constexpr std::string_view bad_quantity = "Количество должно быть положительным числом (не больше 1 000 000, до трёх знаков после запятой).";
inline constexpr std::string_view item_unknown = "Позиция не найдена среди результатов поиска. Найдите её заново.";
inline constexpr std::string_view parameter_required = "Выберите параметр позиции.";
inline constexpr std::string_view parameter_unknown = "У этой позиции в 1С нет такого параметра. Выберите параметр заново.";
inline constexpr std::string_view parameter_not_allowed = "У этой позиции в 1С нет параметров.";
inline constexpr std::string_view value_required = "Выберите значение параметра.";
inline constexpr std::string_view value_unknown = "Такого значения у параметра в 1С нет. Выберите значение заново.";
inline constexpr std::string_view value_not_allowed = "У этого параметра в 1С нет значений.";
inline constexpr std::string_view cart_full = "В корзине слишком много строк.";
inline constexpr std::string_view onec_not_configured = "Интеграция с 1С не настроена. Сообщите администратору.";
inline constexpr std::string_view store_failed = "Не удалось сохранить корзину. Повторите попытку.";

}  // namespace hs1c::hyperscript::messages
