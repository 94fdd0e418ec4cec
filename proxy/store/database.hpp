// The embedded SQLite store: one connection (WAL, synchronous=FULL) owned by a dedicated thread, so
// blocking disk work never runs on an I/O thread. Coroutines hop there with `co_await db.run(fn)`.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hs1c::store {

struct store_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A prepared statement; columns and parameters are 0- and 1-based as in SQLite.
class statement {
public:
    statement(sqlite3* db, std::string_view sql);
    statement(statement&& other) noexcept;
    statement& operator=(statement&&) = delete;
    ~statement();

    statement& bind(int index, std::int64_t value);
    statement& bind(int index, std::string_view text);
    statement& bind_null(int index);
    // Advances; true while a row is available. Throws store_error on failure.
    bool step();
    void reset();

    std::int64_t column_int64(int col) const;
    std::string column_text(int col) const;
    bool column_is_null(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// The connection as seen from the store thread.
class connection {
public:
    void exec(std::string_view sql);
    statement prepare(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;

    // Runs f(*this) inside BEGIN IMMEDIATE … COMMIT; rolls back if f throws.
    template <class F>
    auto transaction(F&& f) -> std::invoke_result_t<F, connection&> {
        exec("BEGIN IMMEDIATE");
        try {
            if constexpr (std::is_void_v<std::invoke_result_t<F, connection&>>) {
                f(*this);
                exec("COMMIT");
            } else {
                auto result = f(*this);
                exec("COMMIT");
                return result;
            }
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }

private:
    friend class database;
    sqlite3* db_ = nullptr;
};

class database {
public:
    explicit database(std::string path);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    // Opens (creating the file and its folder), sets WAL and synchronous=FULL, starts the thread.
    void open();
    bool is_open() const { return conn_.db_ != nullptr; }
    const std::string& path() const { return path_; }

    // Numbered migrations per component; version N is statements[N-1]. Applied by migrate().
    void add_migrations(const std::string& component, std::vector<std::string> statements);
    void migrate();

    // Runs fn(connection&) on the store thread; the awaiting coroutine resumes on its own executor and
    // receives fn's result or its exception. Written with async_initiate rather than a coroutine
    // lambda: GCC 12 destroys a coroutine lambda's captures twice when the closure is moved.
    // Callers pass a named callable (`co_await db.run(std::move(fn))`): GCC 12 also destroys a
    // temporary closure with non-trivial captures twice when it is written inside the co_await.
    template <class F>
    boost::asio::awaitable<std::invoke_result_t<F, connection&>> run(F fn) {
        using result = std::invoke_result_t<F, connection&>;
        if constexpr (std::is_void_v<result>) {
            co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(std::exception_ptr)>(
                [this](auto handler, F f) {
                    boost::asio::post(ctx_, [this, fn = std::optional<F>(std::move(f)),
                                             handler = std::move(handler)]() mutable {
                        std::exception_ptr error;
                        try {
                            (*fn)(conn_);
                        } catch (...) {
                            error = std::current_exception();
                        }
                        fn.reset();  // the callable's captures die here, before the caller resumes
                        auto ex = boost::asio::get_associated_executor(handler);
                        boost::asio::dispatch(ex, [handler = std::move(handler), error]() mutable {
                            std::move(handler)(error);
                        });
                    });
                },
                boost::asio::use_awaitable, std::move(fn));
        } else {
            auto value = co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                                              void(std::exception_ptr, std::optional<result>)>(
                [this](auto handler, F f) {
                    boost::asio::post(ctx_, [this, fn = std::optional<F>(std::move(f)),
                                             handler = std::move(handler)]() mutable {
                        std::exception_ptr error;
                        std::optional<result> value;
                        try {
                            value.emplace((*fn)(conn_));
                        } catch (...) {
                            error = std::current_exception();
                        }
                        fn.reset();  // the callable's captures die here, before the caller resumes
                        auto ex = boost::asio::get_associated_executor(handler);
                        boost::asio::dispatch(ex, [handler = std::move(handler), error,
                                                   value = std::move(value)]() mutable {
                            std::move(handler)(error, std::move(value));
                        });
                    });
                },
                boost::asio::use_awaitable, std::move(fn));
            co_return std::move(*value);
        }
    }

    // Stops the thread after queued work and closes the connection.
    void close();

private:
    std::string path_;
    connection conn_;
    boost::asio::io_context ctx_{1};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::thread thread_;
    std::map<std::string, std::vector<std::string>> migrations_;
};

}  // namespace hs1c::store
