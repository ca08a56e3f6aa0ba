# cmake -DCC=<compiler> -DFLAGS=<flags;...> -DOUT=<dir> -DSOURCES=<a.c;b.c> -P compile_each.cmake
# Compiles each source to an object (no link) and fails on the first error, showing it.
file(MAKE_DIRECTORY ${OUT})
foreach(source ${SOURCES})
  get_filename_component(name ${source} NAME_WE)
  execute_process(COMMAND ${CC} ${FLAGS} -c ${source} -o ${OUT}/${name}.o RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${CC} failed on ${source}")
  endif()
  message(STATUS "compiled ${source}")
endforeach()
