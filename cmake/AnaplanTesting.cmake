find_package(GTest REQUIRED)
include(GoogleTest)

# anaplan_add_test(NAME <name> SOURCES <files> LIBS <targets> [LABELS <labels>])
# One executable per test file; gtest cases are registered with CTest.
function(anaplan_add_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} GTest::gmock GTest::gtest_main)
  anaplan_target_warnings(${ARG_NAME})
  gtest_discover_tests(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
