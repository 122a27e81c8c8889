// Delivery speed against a live server (bench/compare_delivery.py starts nginx and runs this):
// sequential keep-alive posts of the formatted 3 KB alarm, and post_many with 16 in flight.
//
//   export ALARMBRIDGE_BENCH_URL=https://127.0.0.1:8443/services/T/B/x ALARMBRIDGE_BENCH_CA=ca.pem
//   build/bench/delivery_bench
//
// items_per_second = messages delivered per second. Without ALARMBRIDGE_BENCH_URL it skips.
#include <alarmbridge/alarmbridge.hpp>

#include <benchmark/benchmark.h>

#include "test_support.hpp"

#include <cstdlib>

#include <curl/curl.h>

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr ? v : "";
}

alarmbridge::slack::message sample_message() {
    const auto event = alarmbridge::parse_event(alarmbridge::test::read_data("events/alarmbridge-sns-metric-3kb.json"));
    return alarmbridge::format::alarm_message(std::get<alarmbridge::cloudwatch::alarm>(event->records[0]->body));
}

alarmbridge::slack::client_options bench_options() {
    alarmbridge::slack::client_options o;
    o.http.ca_file = env("ALARMBRIDGE_BENCH_CA");
    o.retry.max_attempts = 1;  // count answers, not retries
    return o;
}

void post_sequential(benchmark::State& state) {
    const std::string url = env("ALARMBRIDGE_BENCH_URL");
    if (url.empty()) {
        state.SkipWithError("set ALARMBRIDGE_BENCH_URL (bench/compare_delivery.py does)");
        return;
    }
    alarmbridge::slack::webhook_client client(url, bench_options());
    const auto message = sample_message();
    std::int64_t failed = 0;
    for (auto _ : state) {
        const auto d = client.post(message, std::chrono::seconds(10));
        failed += d.delivered ? 0 : 1;
    }
    state.counters["failed"] = static_cast<double>(failed);
    state.SetItemsProcessed(state.iterations());
}

void post_many_in_flight(benchmark::State& state) {
    const std::string url = env("ALARMBRIDGE_BENCH_URL");
    if (url.empty()) {
        state.SkipWithError("set ALARMBRIDGE_BENCH_URL (bench/compare_delivery.py does)");
        return;
    }
    auto options = bench_options();
    options.max_in_flight = static_cast<std::size_t>(state.range(0));
    alarmbridge::slack::webhook_client client(url, options);
    const std::vector<alarmbridge::slack::message> batch(static_cast<std::size_t>(state.range(1)), sample_message());
    std::int64_t failed = 0;
    for (auto _ : state) {
        for (const auto& d : client.post_many(batch, std::chrono::steady_clock::now() + std::chrono::seconds(30)))
            failed += d.delivered ? 0 : 1;
    }
    state.counters["failed"] = static_cast<double>(failed);
    state.SetItemsProcessed(state.iterations() * state.range(1));
}

/// The floor: bare libcurl multi, 16 easy handles configured once with the same body, each re-added
/// as soon as it finishes, no classification, no retries, no serialization. What alarmbridge adds
/// on top of libcurl is post_many minus this.
void bare_libcurl_multi(benchmark::State& state) {
    const std::string url = env("ALARMBRIDGE_BENCH_URL");
    if (url.empty()) {
        state.SkipWithError("set ALARMBRIDGE_BENCH_URL (bench/compare_delivery.py does)");
        return;
    }
    const std::string ca = env("ALARMBRIDGE_BENCH_CA");
    const std::string body = alarmbridge::slack::serialize(sample_message());
    const int in_flight = static_cast<int>(state.range(0));
    const int batch = static_cast<int>(state.range(1));
    CURLM* multi = curl_multi_init();
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8");
    headers = curl_slist_append(headers, "Expect:");
    auto discard = +[](char*, size_t size, size_t n, void*) { return size * n; };
    std::vector<CURL*> handles;
    for (int i = 0; i < in_flight; ++i) {
        CURL* e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        if (!ca.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, ca.c_str());
        handles.push_back(e);
    }
    std::int64_t failed = 0;
    for (auto _ : state) {
        int started = 0, done = 0;
        for (CURL* e : handles) {
            curl_multi_add_handle(multi, e);
            ++started;
        }
        while (done < batch) {
            int running = 0;
            curl_multi_perform(multi, &running);
            int queued = 0;
            while (CURLMsg* m = curl_multi_info_read(multi, &queued)) {
                if (m->msg != CURLMSG_DONE) continue;
                failed += m->data.result == CURLE_OK ? 0 : 1;
                ++done;
                CURL* e = m->easy_handle;
                curl_multi_remove_handle(multi, e);
                if (started < batch) {
                    curl_multi_add_handle(multi, e);
                    ++started;
                }
            }
            if (done < batch) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
        }
    }
    for (CURL* e : handles) curl_easy_cleanup(e);
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    state.counters["failed"] = static_cast<double>(failed);
    state.SetItemsProcessed(state.iterations() * batch);
}

}  // namespace

BENCHMARK(bare_libcurl_multi)->Args({16, 256})->UseRealTime();
BENCHMARK(post_sequential)->UseRealTime();
BENCHMARK(post_many_in_flight)->Args({16, 256})->UseRealTime();
BENCHMARK_MAIN();
