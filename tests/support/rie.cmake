# Builds the AWS Lambda Runtime Interface Emulator into GOBIN, unless it is there already.
# cmake -DGO=go -DGOBIN=<dir> -P rie.cmake (the ctest fixture lambda_rie runs it; it needs the Go
# module proxy once, ~1 min on 2 cores).
set(_version v0.0.0-20261030222936-bef5c4ba774d)
if(EXISTS "${GOBIN}/aws-lambda-rie" AND EXISTS "${GOBIN}/aws-lambda-rie.version")
  file(READ "${GOBIN}/aws-lambda-rie.version" _have)
  if(_have STREQUAL _version)
    message(STATUS "aws-lambda-rie ${_version} ready: ${GOBIN}")
    return()
  endif()
endif()
set(ENV{GOBIN} "${GOBIN}")
set(ENV{CGO_ENABLED} "0")
execute_process(COMMAND "${GO}" install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@${_version}
                RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "go install aws-lambda-rie@${_version} failed")
endif()
file(WRITE "${GOBIN}/aws-lambda-rie.version" "${_version}")
