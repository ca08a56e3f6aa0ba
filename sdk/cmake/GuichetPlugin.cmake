# guichet_add_plugin(<target> [TEST] SOURCES ...)
# Builds a Guichet plugin: a shared library linked with the toolkit that exports only
# `guichet_entry` (version script), without the "lib" prefix, into the plugin directory
# (TEST: the test-plugin directory, which `guichet plugins list` does not scan).
function(guichet_add_plugin target)
  cmake_parse_arguments(PLUGIN "TEST" "" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE guichet::toolkit guichet_warnings)
  set(map ${PROJECT_SOURCE_DIR}/sdk/toolkit/plugin-exports.map)
  target_link_options(${target} PRIVATE -Wl,--version-script=${map} -Wl,--no-undefined)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${map})
  if(PLUGIN_TEST)
    set(dir ${GUICHET_TEST_PLUGIN_OUTPUT_DIRECTORY})
  else()
    set(dir ${GUICHET_PLUGIN_OUTPUT_DIRECTORY})
    install(TARGETS ${target} LIBRARY DESTINATION lib/guichet/plugins)
  endif()
  set_target_properties(${target} PROPERTIES PREFIX "" LIBRARY_OUTPUT_DIRECTORY ${dir})
endfunction()
