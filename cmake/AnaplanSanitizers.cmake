# ANAPLAN_SANITIZE (cache string, e.g. "address,undefined" or "thread"):
# instruments every target of the tree, ours and the tests alike.
# scripts/sanitize.sh builds with it into build-asan/ or build-tsan/.
if(ANAPLAN_SANITIZE)
  if(ANAPLAN_SANITIZE MATCHES "thread" AND ANAPLAN_SANITIZE MATCHES "address")
    message(FATAL_ERROR "ANAPLAN_SANITIZE: thread cannot be combined with address")
  endif()
  set(anaplan_sanitize_flags -fsanitize=${ANAPLAN_SANITIZE} -fno-omit-frame-pointer)
  if(ANAPLAN_SANITIZE MATCHES "undefined")
    # Undefined behaviour fails the test that hit it, not just a log line.
    list(APPEND anaplan_sanitize_flags -fno-sanitize-recover=undefined)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      # Third-party UB we cannot fix (each entry explained in the file).
      list(APPEND anaplan_sanitize_flags
           "-fsanitize-ignorelist=${PROJECT_SOURCE_DIR}/tests/fuzz/ubsan_ignorelist.txt")
    endif()
  endif()
  add_compile_options(${anaplan_sanitize_flags})
  add_link_options(-fsanitize=${ANAPLAN_SANITIZE})
  message(STATUS "Sanitizers: ${ANAPLAN_SANITIZE}")
endif()
