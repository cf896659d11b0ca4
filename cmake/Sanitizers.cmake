# FTCOST_SANITIZE: every ftcost target (library, CLI, tests) built with ASan + UBSan; any report
# aborts the process, so a test that triggers one fails.
# FTCOST_FUZZ: the same sanitizers plus libFuzzer coverage instrumentation (clang only); the fuzz
# targets themselves link -fsanitize=fuzzer (fuzz/CMakeLists.txt).
set(FTCOST_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                           -fno-omit-frame-pointer)
if(FTCOST_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FTCOST_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Coverage for ftcost's code, not for the library plumbing every input runs through (the list says
  # why). Neither ninja nor ccache sees the list as an input, so its hash goes on the command line:
  # editing it reconfigures and recompiles.
  set(coverage_ignorelist ${PROJECT_SOURCE_DIR}/fuzz/coverage-ignorelist.txt)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${coverage_ignorelist})
  file(SHA256 ${coverage_ignorelist} coverage_ignorelist_hash)
  string(SUBSTRING ${coverage_ignorelist_hash} 0 16 coverage_ignorelist_hash)
  target_compile_options(ftcost_settings INTERFACE ${FTCOST_SANITIZER_FLAGS} -fsanitize=fuzzer-no-link
                         -fsanitize-coverage-ignorelist=${coverage_ignorelist}
                         -DFTCOST_COVERAGE_IGNORELIST=${coverage_ignorelist_hash})
  target_link_options(ftcost_settings INTERFACE -fsanitize=address,undefined)
elseif(FTCOST_SANITIZE)
  target_compile_options(ftcost_settings INTERFACE ${FTCOST_SANITIZER_FLAGS})
  target_link_options(ftcost_settings INTERFACE -fsanitize=address,undefined)
endif()
