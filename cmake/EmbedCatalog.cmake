# ftcost_embed_catalog(OUTPUT file.cpp FILES a.json b.json ...)
# Generates a C++ source that holds each catalog file's text, rebuilt whenever a data file changes.
function(ftcost_embed_catalog)
  cmake_parse_arguments(ARG "" "OUTPUT" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} "-DFILES=${ARG_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_catalog_script.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_catalog_script.cmake
    COMMENT "Embedding the shipped catalog (data/*.json)"
    VERBATIM)
endfunction()
