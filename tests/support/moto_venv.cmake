# Makes the venv with moto[server] and boto3 that tests/support/moto_server.py runs in, unless
# VENV already has them. cmake -DPYTHON=python3 -DVENV=<dir> -P moto_venv.cmake
# (the ctest fixture aws_moto_venv runs it before the moto tests; it needs PyPI once).
set(_py "${VENV}/bin/python")
if(EXISTS "${_py}")
  execute_process(COMMAND "${_py}" -c "import moto.server, boto3" RESULT_VARIABLE _have OUTPUT_QUIET ERROR_QUIET)
  if(_have EQUAL 0)
    message(STATUS "moto venv ready: ${VENV}")
    return()
  endif()
endif()
execute_process(COMMAND "${PYTHON}" -m venv "${VENV}" RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "python -m venv ${VENV} failed")
endif()
execute_process(COMMAND "${_py}" -m pip install --quiet "moto[server]==5.2.5" "boto3==1.44.8" RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "pip install moto[server] boto3 into ${VENV} failed")
endif()
