#include "proxy/upstream/connection.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace hs1c::upstream {

bool connection::idle_peer_gone() {
    auto& socket = tcp().socket();
    if (!socket.is_open()) return true;
    char byte = 0;
    const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0) return true;                                    // orderly close (EOF)
    if (n > 0) return true;                                     // unsolicited bytes (or TLS close_notify)
    return !(errno == EAGAIN || errno == EWOULDBLOCK);          // reset or other error
}

}  // namespace hs1c::upstream
