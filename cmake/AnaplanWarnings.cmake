# Warnings for our own targets only (never for generated protobuf code).
function(anaplan_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wno-unused-parameter)
  if(ANAPLAN_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false "may be used uninitialized" inside libstdc++'s
    # <regex> once ASan instruments it; real uninitialised reads are what
    # the sanitizers themselves catch.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(ANAPLAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
