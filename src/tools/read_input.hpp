// The `alarmbridge` command's input: a file, or standard input for "-".
#pragma once

#include <fstream>
#include <istream>
#include <iterator>
#include <sstream>
#include <string>

namespace alarmbridge::tools {

/// Reads all of `name` ("-": all of `stdin_stream`) into out; false with problem set when the file
/// cannot be opened.
inline bool read_input(const std::string& name, std::istream& stdin_stream, std::string& out, std::string& problem) {
    if (name == "-") {
        std::ostringstream buffer;
        buffer << stdin_stream.rdbuf();
        out = std::move(buffer).str();
        return true;
    }
    std::ifstream in(name, std::ios::binary);
    if (!in) {
        problem = "cannot open " + name;
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

}  // namespace alarmbridge::tools
