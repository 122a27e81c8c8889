// A folder under the system's temporary directory, removed with everything in it when the object
// goes (also when the test fails).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace alarmbridge::test {

class temp_dir {
public:
    temp_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "alarmbridge-test-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// Writes text to the file name in this folder; returns its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        const auto p = path_ / name;
        std::ofstream out(p, std::ios::binary);
        out << text;
        if (!out) throw std::runtime_error("cannot write " + p.string());
        return p;
    }

private:
    std::filesystem::path path_;
};

}  // namespace alarmbridge::test
