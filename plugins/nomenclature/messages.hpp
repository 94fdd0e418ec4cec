// What operators read when a nomenclature request cannot be answered: Russian, saying what to do.
#pragma once

#include <string_view>

namespace hs1c::nomenclature::messages {

inline constexpr std::string_view query_too_short = "Введите не меньше {} букв названия.";
inline constexpr std::string_view query_too_long = "Слишком длинный запрос: сократите его до {} символов.";
inline constexpr std::string_view query_invalid = "Запрос содержит недопустимые символы. Исправьте его и повторите поиск.";
inline constexpr std::string_view bad_id = "Неверный идентификатор номенклатуры. Выберите позицию из списка заново.";
inline constexpr std::string_view bad_cart = "Неверный идентификатор корзины. Обновите страницу.";
inline constexpr std::string_view onec_unavailable = "1С не отвечает. Повторите попытку через минуту; если не поможет — сообщите администратору.";
inline constexpr std::string_view onec_busy = "1С сейчас занята (нет свободных лицензий). Повторите попытку через несколько секунд.";
inline constexpr std::string_view onec_error = "1С вернула ошибку. Повторите попытку; если ошибка повторится — сообщите администратору.";
inline constexpr std::string_view onec_bad_answer = "1С прислала непонятный ответ. Сообщите администратору.";
inline constexpr std::string_view onec_rejected = "Интеграция с 1С настроена неверно. Сообщите администратору.";
inline constexpr std::string_view onec_not_configured = "Интеграция с 1С не настроена. Сообщите администратору.";
inline constexpr std::string_view not_found = "Позиция не найдена в 1С: возможно, её удалили. Найдите её заново.";
inline constexpr std::string_view unauthorized = "Нужны учётные данные 1С.";
inline constexpr std::string_view bad_invalidate_body = "Ожидается JSON {\"ids\":[\"…\"]} или {\"all\":true}.";

}  // namespace hs1c::nomenclature::messages
