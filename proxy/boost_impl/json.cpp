// Boost.JSON compiled once for the whole project (header-only use with one source file).
#include <boost/json/src.hpp>
