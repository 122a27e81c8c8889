// The peak of live C++ heap memory (operator new) since the last reset, for tests that assert
// memory in proportion to their input. Counting happens only in an executable that links
// heap_peak.cpp, which replaces the global operator new and delete.
#pragma once

#include <cstddef>

namespace alarmbridge::fuzz {

/// Starts a new measurement: the peak becomes what is live now.
void reset_heap_peak() noexcept;
/// The most bytes live at once since reset_heap_peak(), above what was live at the reset.
std::size_t heap_peak_growth() noexcept;

}  // namespace alarmbridge::fuzz
