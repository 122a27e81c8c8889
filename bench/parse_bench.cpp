// Parsing speed, measured side by side in one run:
//   parse_event          bytes of an SNS Lambda event -> typed records (alarm or text), everything kept
//   simdjson_bare_x2     simdjson On-Demand: the envelope, then the Message, a few fields only
//                        (no output; the ceiling DESIGN.md quotes at ~640k/s)
//   simdjson_dom_x2      simdjson DOM, what parse_event builds on: both documents parsed whole
//                        (every byte validated, every string unescaped), no output: its floor
//   nlohmann_dom_x2      nlohmann/json DOM: the envelope, then the Message (DESIGN.md: ~21k/s with output)
// Each benchmark reports items_per_second = events per second on one core.
#include <alarmbridge/event.hpp>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "test_support.hpp"

namespace {

const char* const samples[] = {
    "alarmbridge-sns-metric-3kb.json",                                 // 3 KB, a full-size metric alarm event
    "rust-example-cloudwatch-alarm-sns-payload-multiple-metrics.json", // 3.5 KB, two metric-math records (2 records per event)
    "alarmbridge-sns-composite.json",                                  // composite
    "alarmbridge-eventbridge-metric-math.json",                        // EventBridge
};

std::string sample(const benchmark::State& state) {
    return alarmbridge::test::read_data(std::string("events/") + samples[state.range(0)]);
}

void label(benchmark::State& state, const std::string& bytes) {
    state.SetLabel(std::string(samples[state.range(0)]) + " (" + std::to_string(bytes.size()) + " B)");
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}

void parse_event(benchmark::State& state) {
    const std::string bytes = sample(state);
    for (auto _ : state) {
        auto e = alarmbridge::parse_event(bytes);
        if (!e || e->records.empty() || !e->records[0]) state.SkipWithError("parse failed");
        benchmark::DoNotOptimize(e);
    }
    label(state, bytes);
}

void simdjson_bare_x2(benchmark::State& state) {
    const std::string bytes = sample(state);
    simdjson::ondemand::parser outer, inner;
    const simdjson::padded_string padded(bytes);
    std::string message;
    for (auto _ : state) {
        auto doc = outer.iterate(padded);
        std::string_view name;
        auto records = doc["Records"];
        if (records.error() == simdjson::SUCCESS) {
            for (auto rec : records) {
                std::string_view m = rec["Sns"]["Message"].get_string();
                message.assign(m.data(), m.size());
                message.reserve(message.size() + simdjson::SIMDJSON_PADDING);
                auto alarm = inner.iterate(simdjson::padded_string_view(message.data(), message.size(), message.capacity()));
                name = alarm["AlarmName"].get_string().value_unsafe();
                benchmark::DoNotOptimize(name);
                break;
            }
        } else {
            name = doc["detail"]["alarmName"].get_string().value_unsafe();
        }
        benchmark::DoNotOptimize(name);
    }
    label(state, bytes);
}

void simdjson_dom_x2(benchmark::State& state) {
    const std::string bytes = sample(state);
    simdjson::dom::parser outer, inner;
    const simdjson::padded_string padded(bytes);
    for (auto _ : state) {
        simdjson::dom::element doc;
        if (outer.parse(padded).get(doc)) state.SkipWithError("parse failed");
        std::string_view message;
        if (doc["Records"].at(0)["Sns"]["Message"].get(message) == simdjson::SUCCESS) {
            simdjson::dom::element alarm;
            if (inner.parse(message.data(), message.size()).get(alarm)) state.SkipWithError("parse failed");
            benchmark::DoNotOptimize(alarm);
        }
        benchmark::DoNotOptimize(doc);
    }
    label(state, bytes);
}

void nlohmann_dom_x2(benchmark::State& state) {
    const std::string bytes = sample(state);
    for (auto _ : state) {
        auto doc = nlohmann::json::parse(bytes);
        if (doc.contains("Records")) {
            auto alarm = nlohmann::json::parse(doc["Records"][0]["Sns"]["Message"].get<std::string>());
            benchmark::DoNotOptimize(alarm);
        }
        benchmark::DoNotOptimize(doc);
    }
    label(state, bytes);
}

}  // namespace

BENCHMARK(parse_event)->DenseRange(0, 3);
BENCHMARK(simdjson_bare_x2)->DenseRange(0, 3);
BENCHMARK(simdjson_dom_x2)->DenseRange(0, 3);
BENCHMARK(nlohmann_dom_x2)->DenseRange(0, 3);

BENCHMARK_MAIN();
