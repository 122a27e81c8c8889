// The whole job's CPU part, measured per event: raw SNS Lambda event bytes in, the Slack body
// bytes out, through format::payloads (each record read, its slack::message built by the one layout
// in the thread's reused message, and written).
// items_per_second = events/s. The stages are measured apart too, and the model path
// (alarm_message, then slack::serialize) for comparison.
#include <alarmbridge/alarmbridge.hpp>

#include <benchmark/benchmark.h>

#include "test_support.hpp"

namespace {

namespace ab = alarmbridge;

const char* const samples[] = {
    "alarmbridge-sns-metric-3kb.json",
    "alarmbridge-sns-composite.json",
    "alarmbridge-eventbridge-metric-math.json",
};

std::string sample(std::int64_t i) { return ab::test::read_data(std::string("events/") + samples[i]); }

ab::format::options options_for(std::int64_t style) {
    ab::format::options o;
    o.style = static_cast<ab::format::style>(style);
    return o;
}

void event_to_slack_body(benchmark::State& state) {
    const std::string bytes = sample(state.range(0));
    const auto options = options_for(state.range(1));
    std::size_t out_bytes = 0;
    for (auto _ : state) {
        auto bodies = ab::format::payloads(bytes, options);
        if (!bodies || bodies->empty() || !bodies->front()) {
            state.SkipWithError("not formatted");
            break;
        }
        out_bytes = bodies->front()->size();
        benchmark::DoNotOptimize(bodies);
    }
    state.SetLabel(std::string(samples[state.range(0)]) + " -> " + std::to_string(out_bytes) + " B");
    state.SetItemsProcessed(state.iterations());
}

/// The same job through the model: parse_event, alarm_message, slack::serialize.
void event_to_model_to_body(benchmark::State& state) {
    const std::string bytes = sample(state.range(0));
    const auto options = options_for(state.range(1));
    for (auto _ : state) {
        auto e = ab::parse_event(bytes);
        std::string body = ab::slack::serialize(
            ab::format::alarm_message(std::get<ab::cloudwatch::alarm>(e->records[0]->body), options));
        benchmark::DoNotOptimize(body);
    }
    state.SetItemsProcessed(state.iterations());
}

/// The stages apart: parsing alone, and writing the payload of an alarm already parsed.
void stage_parse(benchmark::State& state) {
    const std::string bytes = sample(state.range(0));
    for (auto _ : state) {
        auto e = ab::parse_event(bytes);
        benchmark::DoNotOptimize(e);
    }
    state.SetItemsProcessed(state.iterations());
}

void stage_payload(benchmark::State& state) {
    const auto e = ab::parse_event(sample(state.range(0)));
    const auto& alarm = std::get<ab::cloudwatch::alarm>(e->records[0]->body);
    const auto options = options_for(state.range(1));
    std::string out;
    for (auto _ : state) {
        out.clear();
        ab::format::append_alarm_payload(out, alarm, options);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

// style: 0 rich, 1 compact, 2 blueprint
BENCHMARK(event_to_slack_body)->ArgsProduct({{0, 1, 2}, {0}})->Args({0, 1})->Args({0, 2});
BENCHMARK(event_to_model_to_body)->Args({0, 0});
BENCHMARK(stage_parse)->Arg(0);
BENCHMARK(stage_payload)->Args({0, 0});

BENCHMARK_MAIN();
