// Entry point shared by every Boost.Test unit suite executable.
#define BOOST_TEST_MODULE hs1c
#include <boost/test/unit_test.hpp>
