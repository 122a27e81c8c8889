// Helpers shared by the tests: reading files of tests/data; whether AddressSanitizer is on.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

// Defined when the test is built with AddressSanitizer (gcc says so with __SANITIZE_ADDRESS__,
// clang through __has_feature): its allocator and shadow memory change what memory figures mean.
#if defined(__SANITIZE_ADDRESS__)
#define ALARMBRIDGE_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ALARMBRIDGE_TEST_UNDER_ASAN 1
#endif
#endif

namespace alarmbridge::test {

inline std::filesystem::path data_path(const std::string& relative) {
    return std::filesystem::path(ALARMBRIDGE_TEST_DATA) / relative;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string read_data(const std::string& relative) { return read_file(data_path(relative)); }

/// The files of a data folder, sorted by name.
inline std::vector<std::filesystem::path> data_files(const std::string& folder) {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(data_path(folder)))
        if (entry.is_regular_file()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace alarmbridge::test
