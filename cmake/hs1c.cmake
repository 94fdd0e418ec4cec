# Project-wide compile settings and helpers shared by every target.

# Interface target carrying warnings, sanitizers and the Boost separate-compilation macros.
add_library(hs1c_options INTERFACE)
target_compile_options(hs1c_options INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
# GCC 12 false positives: Asio's coroutine frame allocator (new'd memory freed through its recycling
# allocator) and std::string copies inlined at -O2 (GCC bugs 105329, 105651).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(hs1c_options INTERFACE -Wno-mismatched-new-delete -Wno-stringop-overflow
                                                -Wno-restrict -Wno-array-bounds)
endif()
if(HS1C_WERROR)
  target_compile_options(hs1c_options INTERFACE -Werror)
endif()
target_compile_definitions(hs1c_options INTERFACE
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED
  BOOST_BEAST_USE_STD_STRING_VIEW
  BOOST_JSON_NO_LIB
  BOOST_CONTAINER_NO_LIB)
target_include_directories(hs1c_options INTERFACE ${PROJECT_SOURCE_DIR} ${Boost_INCLUDE_DIRS})
if(HS1C_SANITIZE)
  # Sanitizer instrumentation makes GCC's flow analysis report uninitialized reads inside Boost's
  # optional that plain builds do not: those are instrumentation artefacts, the sanitizers check for real.
  target_compile_options(hs1c_options INTERFACE -fsanitize=${HS1C_SANITIZE} -fno-omit-frame-pointer -g
                                                -Wno-maybe-uninitialized)
  target_link_options(hs1c_options INTERFACE -fsanitize=${HS1C_SANITIZE})
  if(HS1C_SANITIZE MATCHES "thread")
    # ThreadSanitizer does not model std::atomic_thread_fence; Asio's fenced blocks (redundant next to
    # the scheduler's own mutex) would only produce unsupported-construct errors.
    target_compile_definitions(hs1c_options INTERFACE BOOST_ASIO_DISABLE_FENCED_BLOCK)
  endif()
  if(HS1C_SANITIZE MATCHES "undefined")
    target_compile_options(hs1c_options INTERFACE -fno-sanitize-recover=undefined)
  endif()
endif()

# hs1c_embed(<target> <namespace> <file>...): compiles files into the target as
# `std::string_view <namespace>::<identifier>()`, the identifier made from the file name.
function(hs1c_embed target ns)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/embedded_${target})
  foreach(file ${ARGN})
    get_filename_component(abs ${file} ABSOLUTE)
    get_filename_component(name ${file} NAME)
    string(MAKE_C_IDENTIFIER ${name} ident)
    set(out ${out_dir}/${ident}.cpp)
    add_custom_command(OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -DIN=${abs} -DOUT=${out} -DNS=${ns} -DIDENT=${ident}
              -P ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
      DEPENDS ${abs} ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
      COMMENT "Embedding ${name}")
    target_sources(${target} PRIVATE ${out})
  endforeach()
endfunction()

# hs1c_use_pch(<target>...): reuse the one precompiled header built by hs1c_pch (proxy/pch.hpp)
# instead of compiling the heavy Boost headers once per target.
function(hs1c_use_pch)
  foreach(t ${ARGN})
    target_precompile_headers(${t} REUSE_FROM hs1c_pch)
  endforeach()
endfunction()
