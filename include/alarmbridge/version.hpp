// alarmbridge/version.hpp - the library's version.
#pragma once

#define ALARMBRIDGE_VERSION_MAJOR 0
#define ALARMBRIDGE_VERSION_MINOR 1
#define ALARMBRIDGE_VERSION_PATCH 0
#define ALARMBRIDGE_VERSION_STRING "0.1.0"

namespace alarmbridge {
inline constexpr const char* version_string = ALARMBRIDGE_VERSION_STRING;
}
