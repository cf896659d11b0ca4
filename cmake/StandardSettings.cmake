# Language level and warnings live on an INTERFACE target that every ftcost target links.
add_library(ftcost_settings INTERFACE)
target_compile_features(ftcost_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(ftcost_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                   -Wno-sign-conversion)
  if(FTCOST_WERROR)
    target_compile_options(ftcost_settings INTERFACE -Werror)
  endif()
endif()
