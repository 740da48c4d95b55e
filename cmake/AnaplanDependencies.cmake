# Every dependency comes from a Debian 12 package (scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(GRPCPP REQUIRED IMPORTED_TARGET grpc++)
find_program(GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(LIBDEFLATE IMPORTED_TARGET libdeflate)

# RapidJSON 1.1's CMake config defines no target; wrap its include directory.
find_package(RapidJSON CONFIG REQUIRED)
add_library(anaplan_rapidjson INTERFACE)
target_include_directories(anaplan_rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIRS})
# Non-throwing mode; std::string support for convenience.
target_compile_definitions(anaplan_rapidjson INTERFACE RAPIDJSON_HAS_STDSTRING=1)
add_library(anaplan::rapidjson ALIAS anaplan_rapidjson)

# cpp-httplib: Debian ships it as a compiled library with OpenSSL support.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
