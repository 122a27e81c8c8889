// alarmbridge/export.hpp - which functions of the compiled part a shared library exports.
//
// The shared library is built with hidden visibility: only declarations marked ALARMBRIDGE_API
// are exported; everything in alarmbridge::detail and the parsers' internals stays private.
// ALARMBRIDGE_SHARED is defined for consumers of a shared build (the CMake target and the Conan
// package do that); ALARMBRIDGE_BUILDING only while building the library itself.
#pragma once

#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(ALARMBRIDGE_SHARED)
#    if defined(ALARMBRIDGE_BUILDING)
#      define ALARMBRIDGE_API __declspec(dllexport)
#    else
#      define ALARMBRIDGE_API __declspec(dllimport)
#    endif
#  else
#    define ALARMBRIDGE_API
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define ALARMBRIDGE_API __attribute__((visibility("default")))
#else
#  define ALARMBRIDGE_API
#endif
