// Monte Carlo speed: 100,000 samples of each bundled example, on one core, must take well under
// 100 ms (about 1 µs a sample), which is what the numeric fast path (evaluate_totals) is for.
// Examples without ranges get three typical ones added in code (MFU, annotation minutes, volume)
// so that every example samples something.
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DFTCOST_BUILD_BENCH=ON
//   cmake --build build-bench --target ftcost_bench_monte_carlo && build-bench/bench/ftcost_bench_monte_carlo
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "ftcost/catalog/load.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/report/totals.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/uncertainty/monte_carlo.hpp"

using namespace ftcost;

namespace {

const char* const examples[] = {"support-assistant-8b-lora", "legal-70b-qlora", "low-volume-internal-tool",
                                "product-qa-high-volume"};

// The example with ±25% PERT ranges on three inputs when it has none of its own.
Scenario uncertain_example(const std::string& name) {
  static const Catalog catalog = shipped_catalog();
  Scenario s = load_scenario_file(std::string(FTCOST_SOURCE_DIR) + "/examples/" + name + ".yaml", catalog);
  if (!s.uncertain.empty()) return s;
  auto range = [&](const std::string& field, double likely, double min, double max, auto set) {
    s.uncertain.push_back({field, Distribution::pert(likely * 0.75, likely, likely * 1.25), min, max, set});
  };
  s.training.mfu_from_user = true;
  range("training.mfu", s.training.assumptions.mfu, 0.01, 1.0,
        [](Scenario& x, double v) { x.training.assumptions.mfu = v; });
  range("data.annotation.minutes_per_example", s.data.minutes_per_label, 0, 1e15,
        [](Scenario& x, double v) { x.data.minutes_per_label = v; });
  range("hosting.queries_per_month", s.hosting.queries_per_month, 0, 1e15,
        [](Scenario& x, double v) { x.hosting.queries_per_month = v; });
  return s;
}

void monte_carlo_100k(benchmark::State& state) {
  const Scenario scenario = uncertain_example(examples[state.range(0)]);
  const Report report = build_report(scenario);
  for (auto _ : state) {
    std::mt19937_64 engine(42);
    UncertaintyResult result = run_monte_carlo(scenario, report, 100000, engine);
    benchmark::DoNotOptimize(result);
  }
  state.SetLabel(examples[state.range(0)]);
  state.SetItemsProcessed(state.iterations() * 100000);
}
BENCHMARK(monte_carlo_100k)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

// One sample's evaluation alone: the fast path against the full report it replaces.
void evaluate_totals_fast(benchmark::State& state) {
  const Scenario scenario = uncertain_example(examples[state.range(0)]);
  for (auto _ : state) benchmark::DoNotOptimize(evaluate_totals(scenario));
  state.SetLabel(examples[state.range(0)]);
}
BENCHMARK(evaluate_totals_fast)->DenseRange(0, 3)->Unit(benchmark::kNanosecond);

void build_report_full(benchmark::State& state) {
  const Scenario scenario = uncertain_example(examples[state.range(0)]);
  for (auto _ : state) benchmark::DoNotOptimize(build_report(scenario));
  state.SetLabel(examples[state.range(0)]);
}
BENCHMARK(build_report_full)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
