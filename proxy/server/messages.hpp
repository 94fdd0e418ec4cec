// Every message the core shows to people (operators see them in the UI on /_hs1c/ routes), kept
// together so they are reviewed and translated in one place.
#pragma once

#include <string_view>

namespace hs1c::server::messages {

inline constexpr std::string_view body_too_large = "Тело запроса слишком большое";
inline constexpr std::string_view headers_too_large = "Заголовки запроса слишком большие";
inline constexpr std::string_view bad_request = "Некорректный HTTP-запрос";
inline constexpr std::string_view upstream_timeout = "Сервер за прокси не ответил вовремя, повторите попытку";
inline constexpr std::string_view upstream_unavailable = "Сервер за прокси недоступен, повторите попытку позже";
inline constexpr std::string_view upstream_failed = "Сервер за прокси ответил с ошибкой, повторите попытку";
inline constexpr std::string_view unknown_host = "Этот адрес не обслуживается прокси: проверьте имя сервера в адресе";
inline constexpr std::string_view not_found = "Адрес не найден";
inline constexpr std::string_view method_not_allowed = "Метод не поддерживается для этого адреса";
inline constexpr std::string_view internal_error = "Внутренняя ошибка прокси; подробности в журнале по X-Request-ID";
inline constexpr std::string_view overloaded = "Прокси перегружен, повторите попытку позже";

}  // namespace hs1c::server::messages
