// detail::json_writer's layout option: pretty is laid out exactly as nlohmann's dump(2) lays out
// the same document, keys in the order written; compact is what it always was; embed() re-indents
// our own compact output at any depth.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <alarmbridge/alarmbridge.hpp>
#include <alarmbridge/detail/json_writer.hpp>

#include "test_support.hpp"

#include <string>

namespace {

using alarmbridge::detail::json_layout;
using alarmbridge::detail::json_writer;
using ordered = nlohmann::ordered_json;

/// Writes j member by member through the writer (not through embed).
void write(json_writer& w, const ordered& j) {
    if (j.is_object()) {
        w.begin_object();
        for (const auto& [k, v] : j.items()) {
            w.key(k);
            write(w, v);
        }
        w.end_object();
    } else if (j.is_array()) {
        w.begin_array();
        for (const auto& v : j) write(w, v);
        w.end_array();
    } else if (j.is_string()) {
        w.value(j.get<std::string>());
    } else if (j.is_boolean()) {
        w.value(j.get<bool>());
    } else if (j.is_null()) {
        w.null();
    } else if (j.is_number_integer()) {
        w.value(j.get<std::int64_t>());
    } else {
        w.number(j.dump());
    }
}

std::string written(const ordered& j, json_layout layout) {
    std::string out;
    json_writer w(out, layout);
    write(w, j);
    return out;
}

std::string embedded(std::string_view compact, json_layout layout, std::size_t depth = 0) {
    std::string out;
    json_writer w(out, layout, depth);
    w.embed(compact);
    return out;
}

const ordered tricky = ordered::parse(
    R"({"z":1,"a":[1,-2,{"x":[],"y":{}}],"s":"q\"uo\\te,:{[]} \n\u0001 é","e":{},"n":null,"b":true,"f":1.5,"l":[[[]]]})");

}  // namespace

TEST(JsonWriter, PrettyIsDump2InTheOrderWritten) {
    EXPECT_EQ(written(tricky, json_layout::pretty), tricky.dump(2));
    EXPECT_EQ(written(tricky, json_layout::compact), tricky.dump());
    std::string plain;
    {
        json_writer w(plain);  // the default is compact, as it always was
        write(w, tricky);
    }
    EXPECT_EQ(plain, tricky.dump());
    EXPECT_EQ(written(ordered::object(), json_layout::pretty), "{}");
    EXPECT_EQ(written(ordered::array(), json_layout::pretty), "[]");
    EXPECT_EQ(written(ordered("x"), json_layout::pretty), "\"x\"");
}

TEST(JsonWriter, EmbedReindentsCompactJsonAtAnyDepth) {
    const std::string compact = tricky.dump();
    EXPECT_EQ(embedded(compact, json_layout::compact), compact);
    EXPECT_EQ(embedded(compact, json_layout::pretty), tricky.dump(2));
    // Depth 1: an element of an array the caller frames itself.
    EXPECT_EQ("[\n  " + embedded(compact, json_layout::pretty, 1) + "\n]", ordered::array({tricky}).dump(2));
    // Inside an object the writer is writing.
    std::string out;
    {
        json_writer w(out, json_layout::pretty);
        w.begin_object();
        w.key("payload");
        w.embed(compact);
        w.key("after");
        w.embed("[]");
        w.end_object();
    }
    EXPECT_EQ(out, ordered({{"payload", tricky}, {"after", ordered::array()}}).dump(2));
}

// Every payload the library makes for the test events, re-indented, is the same document laid
// out as dump(2) lays it out, with Slack's key order kept.
TEST(JsonWriter, EmbedKeepsEveryPayloadOfTheCorpus) {
    int checked = 0;
    for (const auto& file : alarmbridge::test::data_files("events")) {
        const auto payloads = alarmbridge::format::payloads(alarmbridge::test::read_file(file));
        if (!payloads) continue;
        for (const auto& p : *payloads) {
            if (!p) continue;
            SCOPED_TRACE(file.filename().string());
            const auto pretty = embedded(*p, json_layout::pretty);
            EXPECT_EQ(pretty, ordered::parse(*p).dump(2));
            EXPECT_EQ(ordered::parse(pretty).dump(), ordered::parse(*p).dump());
            ++checked;
        }
    }
    EXPECT_GT(checked, 10);
}
