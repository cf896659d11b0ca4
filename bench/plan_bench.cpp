// `ftcost plan` speed: the shipped catalog's whole space for each bundled example, on one core, must
// take under a second. Reports configurations per second (priced and pruned) besides the time.
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DFTCOST_BUILD_BENCH=ON
//   cmake --build build-bench --target ftcost_bench_plan && build-bench/bench/ftcost_bench_plan
#include <benchmark/benchmark.h>

#include <string>

#include "ftcost/catalog/load.hpp"
#include "ftcost/plan/plan.hpp"

using namespace ftcost;

namespace {

const char* const examples[] = {"support-assistant-8b-lora", "legal-70b-qlora", "low-volume-internal-tool",
                                "product-qa-high-volume"};

void plan_search(benchmark::State& state, bool all_methods, bool mix = false, bool p90 = false) {
  const Catalog& catalog = shipped_catalog();
  const Document doc =
      load_document(std::string(FTCOST_SOURCE_DIR) + "/examples/" + examples[state.range(0)] + ".yaml");
  PlanConstraints constraints;
  if (all_methods) constraints.methods = {TrainingMethod::full, TrainingMethod::lora, TrainingMethod::qlora};
  constraints.mix = mix;
  PlanObjective objective;
  if (p90) objective.kind = PlanObjectiveKind::p90;
  PlanCounts counts;
  for (auto _ : state) {
    PlanResult plan = search_plan(doc, catalog, constraints, objective);
    counts = plan.counts;
    benchmark::DoNotOptimize(plan);
  }
  state.SetLabel(examples[state.range(0)]);
  state.counters["configurations"] = static_cast<double>(counts.evaluated() + counts.pruned());
  state.counters["priced"] = static_cast<double>(counts.evaluated());
  state.counters["plans_compared"] = static_cast<double>(counts.plans_compared);
  state.counters["configurations_per_s"] = benchmark::Counter(static_cast<double>(counts.evaluated() + counts.pruned()),
                                                              benchmark::Counter::kIsIterationInvariantRate);
  state.counters["plans_per_s"] =
      benchmark::Counter(static_cast<double>(counts.plans_compared), benchmark::Counter::kIsIterationInvariantRate);
}

void plan_as_written_method(benchmark::State& state) { plan_search(state, false); }
void plan_three_methods(benchmark::State& state) { plan_search(state, true); }
void plan_mix(benchmark::State& state) { plan_search(state, false, true); }
// `--objective p90` (10,000 samples per finalist): product-qa-high-volume is the example with ranges.
void plan_p90(benchmark::State& state) { plan_search(state, false, false, true); }

}  // namespace

BENCHMARK(plan_as_written_method)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(plan_three_methods)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(plan_mix)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(plan_p90)->Arg(3)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
