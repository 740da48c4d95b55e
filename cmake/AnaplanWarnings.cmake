# Warnings for our own targets only (never for generated protobuf code).
function(anaplan_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wno-unused-parameter)
  if(ANAPLAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
