# anaplan_generate_protos(OUT_SRCS <var> PROTOS <files relative to proto/>)
# One add_custom_command per .proto: protoc with the gRPC plugin (mock code on),
# output in the build tree so generated headers are included as
# "anaplan/v1/bulk.grpc.pb.h".
function(anaplan_generate_protos)
  cmake_parse_arguments(ARG "" "OUT_SRCS;ROOT" "PROTOS;GRPC_PROTOS" ${ARGN})
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}")
  set(srcs "")
  foreach(proto IN LISTS ARG_PROTOS)
    string(REGEX REPLACE "\\.proto$" "" base "${proto}")
    set(outputs "${out_dir}/${base}.pb.cc" "${out_dir}/${base}.pb.h")
    set(grpc_args "")
    if(proto IN_LIST ARG_GRPC_PROTOS)
      list(APPEND outputs "${out_dir}/${base}.grpc.pb.cc" "${out_dir}/${base}.grpc.pb.h"
           "${out_dir}/${base}_mock.grpc.pb.h")
      set(grpc_args "--grpc_out=generate_mock_code=true:${out_dir}"
                    "--plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN}")
    endif()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND ${Protobuf_PROTOC_EXECUTABLE}
              --proto_path=${ARG_ROOT} --cpp_out=${out_dir} ${grpc_args}
              ${ARG_ROOT}/${proto}
      DEPENDS "${ARG_ROOT}/${proto}" ${Protobuf_PROTOC_EXECUTABLE}
      COMMENT "Generating C++ from ${proto}"
      VERBATIM)
    foreach(o IN LISTS outputs)
      if(o MATCHES "\\.cc$")
        list(APPEND srcs "${o}")
      endif()
    endforeach()
  endforeach()
  set(${ARG_OUT_SRCS} ${srcs} PARENT_SCOPE)
endfunction()
