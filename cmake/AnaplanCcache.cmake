# Use ccache when it is installed: CI rebuilds from a clean clone on 2 cores.
find_program(ANAPLAN_CCACHE ccache)
if(ANAPLAN_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_C_COMPILER_LAUNCHER "${ANAPLAN_CCACHE}")
  set(CMAKE_CXX_COMPILER_LAUNCHER "${ANAPLAN_CCACHE}")
endif()
