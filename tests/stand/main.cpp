// hs1c-stand: emulated HyperScript, 1C and amoCRM on loopback for the demo, tests and benchmarks.
#include "tests/stand/common/emulator.hpp"
#include "tests/stand/common/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/serialize.hpp>

#include <csignal>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
using namespace hs1c::stand;

constexpr std::string_view usage =
    "usage: hs1c-stand [--hyperscript ADDR] [--onec ADDR] [--amocrm ADDR] [--proxy URL]\n"
    "                  [--catalog FILE] [--seed N] [--widget DIR]\n"
    "ADDR is host:port (port 0 picks a free one) or 'off'. Defaults: HyperScript 127.0.0.1:18001,\n"
    "1C 127.0.0.1:18002, amoCRM 127.0.0.1:18003, proxy http://127.0.0.1:8080.\n";

bool parse_options(int argc, char** argv, options& opts) {
    const std::map<std::string, std::function<void(const std::string&)>> setters{
        {"--hyperscript", [&](const std::string& v) { opts.hyperscript = v; }},
        {"--onec", [&](const std::string& v) { opts.onec = v; }},
        {"--amocrm", [&](const std::string& v) { opts.amocrm = v; }},
        {"--proxy", [&](const std::string& v) { opts.proxy = v; }},
        {"--catalog", [&](const std::string& v) { opts.catalog = v; }},
        {"--seed", [&](const std::string& v) { opts.seed = static_cast<unsigned>(std::stoul(v)); }},
        {"--widget", [&](const std::string& v) { opts.widget_dir = v; }},
    };
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const auto it = setters.find(flag);
        if (it == setters.end() || i + 1 >= argc) return false;
        it->second(argv[++i]);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    options opts;
    try {
        if (!parse_options(argc, argv, opts)) {
            std::cerr << usage;
            return 2;
        }
        asio::io_context ctx{1};
        using factory = std::unique_ptr<emulator> (*)(const options&, asio::any_io_executor);
        const std::vector<std::tuple<std::string, std::string, factory>> wanted{
            {"hyperscript", opts.hyperscript, &make_hyperscript},
            {"onec", opts.onec, &make_onec},
            {"amocrm", opts.amocrm, &make_amocrm},
        };
        std::vector<std::unique_ptr<server>> servers;
        for (const auto& [name, address, make] : wanted) {
            if (address == "off") continue;
            asio::ip::tcp::acceptor acceptor(ctx, parse_address(address));
            servers.push_back(std::make_unique<server>(std::move(acceptor), make(opts, ctx.get_executor())));
            const auto ep = servers.back()->local_endpoint();
            // One machine-readable line per emulator: tests read the ports picked for port 0.
            std::cout << boost::json::serialize(boost::json::object{
                             {"stand", name},
                             {"address", ep.address().to_string() + ":" + std::to_string(ep.port())}})
                      << std::endl;
        }
        for (auto& s : servers) asio::co_spawn(ctx, s->run(), asio::detached);
        asio::signal_set signals(ctx, SIGINT, SIGTERM);
        signals.async_wait([&](auto, int) { ctx.stop(); });
        ctx.run();
    } catch (const std::exception& e) {
        std::cerr << "hs1c-stand: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
