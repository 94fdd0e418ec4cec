// Compiles proxy/pch.hpp once; every other target reuses that precompiled header.
