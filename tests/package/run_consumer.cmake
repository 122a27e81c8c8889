# ctest driver: install the build tree into a fresh prefix, then configure, build and run the
# consumer project against that prefix only. With -DSUBDIRECTORY=ON, the consumer instead adds the
# source tree (-DPROJECT_DIR) with add_subdirectory.
#
# With -DSHARED=ON and -DPROJECT_DIR=<source tree>, it first builds the library anew as a shared
# library (BUILD_SHARED_LIBS=ON, nothing but the library and the command) and installs that, then
# checks that the consumer really links libalarmbridge.so and that the library exports the API
# and nothing of its internals.
foreach(var BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_consumer.cmake needs -D${var}=...")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Release)
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run_consumers consumer_dir)
  file(GLOB_RECURSE consumer "${consumer_dir}/consumer" "${consumer_dir}/*/consumer")
  file(GLOB_RECURSE consumer_core "${consumer_dir}/consumer_core" "${consumer_dir}/*/consumer_core")
  execute_process(COMMAND ${consumer} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "queue-depth eu-west-1 https://eu-west-1.console.aws.amazon.com/"
     OR NOT out MATCHES "\"text\":\":red_circle: ALARM: queue-depth")
    message(FATAL_ERROR "unexpected consumer result (${rc}): ${out}${err}")
  endif()
  message(STATUS "consumer: ${out}")
  execute_process(COMMAND ${consumer_core} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer_core failed (${rc}): ${out}")
  endif()
  set(consumer "${consumer}" PARENT_SCOPE)
endfunction()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

if(SUBDIRECTORY)
  execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/consumer" -G "${GENERATOR}"
                          "-DCMAKE_BUILD_TYPE=${CONFIG}" "-DALARMBRIDGE_SOURCE_DIR=${PROJECT_DIR}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the add_subdirectory consumer failed:\n${out}\n${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/consumer" --config "${CONFIG}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the add_subdirectory consumer failed:\n${out}\n${err}")
  endif()
  run_consumers("${WORK_DIR}/consumer")
  return()
endif()

if(SHARED)
  set(BUILD_DIR "${WORK_DIR}/build-shared")
  run(${CMAKE_COMMAND} -S "${PROJECT_DIR}" -B "${BUILD_DIR}" -G "${GENERATOR}" "-DCMAKE_BUILD_TYPE=${CONFIG}"
      -DBUILD_SHARED_LIBS=ON -DALARMBRIDGE_BUILD_TESTS=OFF -DALARMBRIDGE_BUILD_BENCH=OFF
      -DALARMBRIDGE_BUILD_EXAMPLES=OFF -DALARMBRIDGE_INSTALL=ON)
  run(${CMAKE_COMMAND} --build "${BUILD_DIR}" --config "${CONFIG}")
endif()
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}" --config "${CONFIG}")
foreach(expected include/alarmbridge/alarmbridge.hpp include/alarmbridge/export.hpp bin/alarmbridge
                 share/licenses/alarmbridge/LICENSE)
  if(NOT EXISTS "${prefix}/${expected}")
    message(FATAL_ERROR "the install is missing ${expected}")
  endif()
endforeach()
file(GLOB_RECURSE config_files "${prefix}/*/alarmbridge-config.cmake")
if(NOT config_files)
  message(FATAL_ERROR "the install has no alarmbridge-config.cmake")
endif()

run(${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/consumer" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_BUILD_TYPE=${CONFIG}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/consumer" --config "${CONFIG}")
run_consumers("${WORK_DIR}/consumer")
if(SHARED)
  file(GLOB_RECURSE shared_libs "${prefix}/*/libalarmbridge.so")
  if(NOT shared_libs)
    message(FATAL_ERROR "the shared install has no libalarmbridge.so")
  endif()
  list(GET shared_libs 0 shared_lib)
  find_program(READELF readelf REQUIRED)
  run(${READELF} -d ${consumer})
  if(NOT last_output MATCHES "libalarmbridge\\.so")
    message(FATAL_ERROR "the consumer does not link libalarmbridge.so:\n${last_output}")
  endif()
  find_program(NM nm REQUIRED)
  run(${NM} -D -C --defined-only "${shared_lib}")
  # (nm -C may show an ABI tag before the parameters: console_url[abi:cxx11](...))
  foreach(api "alarmbridge::parse_event" "alarmbridge::cloudwatch::parse_alarm" "alarmbridge::cloudwatch::console_url"
              "alarmbridge::sns::parse_message")
    string(FIND "${last_output}" "${api}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "libalarmbridge.so does not export ${api}")
    endif()
  endforeach()
  if(last_output MATCHES "alarmbridge::detail::")
    message(FATAL_ERROR "libalarmbridge.so exports internals:\n${last_output}")
  endif()
  message(STATUS "libalarmbridge.so exports the API and no internals")
endif()
if(EXAMPLES_DIR)
  run(${CMAKE_COMMAND} -S "${EXAMPLES_DIR}" -B "${WORK_DIR}/examples" -G "${GENERATOR}"
      "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_BUILD_TYPE=${CONFIG}")
  run(${CMAKE_COMMAND} --build "${WORK_DIR}/examples" --config "${CONFIG}")
  message(STATUS "examples build against the installed package")
endif()
run("${prefix}/bin/alarmbridge" --version)
message(STATUS "installed command: ${last_output}")
