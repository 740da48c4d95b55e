# libFuzzer targets (tests/fuzz). Two ways to build them:
#  - ANAPLAN_FUZZ=ON with clang (scripts/fuzz.sh): real fuzzers linked with
#    -fsanitize=fuzzer; the whole tree gets coverage instrumentation
#    (fuzzer-no-link) so the fuzzer is guided inside our libraries too.
#  - otherwise (any compiler, tests on): each target is linked with a small
#    replay main and registered with CTest (label "fuzz"), so every checked-in
#    corpus input, the regression inputs included, runs in the normal suite.
option(ANAPLAN_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)

if(ANAPLAN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ANAPLAN_FUZZ needs clang (CXX=clang++-14)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# anaplan_add_fuzzer(NAME <name> SOURCES <files> LIBS <targets>)
function(anaplan_add_fuzzer)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS" ${ARGN})
  if(ANAPLAN_FUZZ)
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_link_options(${ARG_NAME} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(${ARG_NAME} ${ARG_SOURCES}
                   "${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc")
    add_test(NAME ${ARG_NAME}_corpus
             COMMAND ${ARG_NAME} "${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${ARG_NAME}")
    set_tests_properties(${ARG_NAME}_corpus PROPERTIES LABELS fuzz)
  endif()
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS})
  anaplan_target_warnings(${ARG_NAME})
  set_property(GLOBAL APPEND PROPERTY ANAPLAN_FUZZERS ${ARG_NAME})
endfunction()
