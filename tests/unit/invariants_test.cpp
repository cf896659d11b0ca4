// Property tests: relations every estimate must satisfy, checked over scenarios drawn from a
// seeded generator (the same 40 scenarios on every run and every platform).
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>

#include "ftcost/catalog/load.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/table.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"

using namespace ftcost;

namespace {

// splitmix64: tiny, and unlike std::uniform_*_distribution identical on every standard library.
class Generator {
 public:
  explicit Generator(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform(double low, double high) { return low + (high - low) * static_cast<double>(next() >> 11) * 0x1.0p-53; }
  int whole(int low, int high) { return low + static_cast<int>(next() % static_cast<std::uint64_t>(high - low + 1)); }
  // Log-uniform: spreads draws evenly over orders of magnitude.
  double magnitude(double low, double high) { return std::exp(uniform(std::log(low), std::log(high))); }

 private:
  std::uint64_t state_;
};

struct Params {
  double examples = 10000;
  double tokens = 500;
  double epochs = 3;
  int gpus = 0;  // 0 = auto
  double gpu_price = 2.5;
  double queries = 100000;
  double api_input_price = 2;
  double horizon = 24;
  bool autoscaling = false;
};

Params draw(Generator& g) {
  Params p;
  p.examples = std::round(g.magnitude(1e3, 1e6));
  p.tokens = std::round(g.magnitude(100, 2000));
  p.epochs = g.whole(1, 5);
  p.gpus = g.whole(0, 3) == 0 ? 0 : 1 << g.whole(0, 3);
  p.gpu_price = g.uniform(0.5, 8);
  p.queries = std::round(g.magnitude(1e3, 1e8));
  p.api_input_price = g.uniform(0.1, 10);
  p.horizon = g.whole(6, 48);
  p.autoscaling = g.whole(0, 1) == 1;
  return p;
}

std::string scenario_text(const Params& p) {
  return fmt::format(R"(version: 1
horizon_months: {}
data:
  examples: {}
  tokens_per_example: {}
model: llama-3.1-8b
training:
  method: lora
  epochs: {}
  gpu: h100-sxm
  gpus: {}
  usd_per_gpu_hour: {}
hosting:
  queries_per_month: {}
  input_tokens: 400
  output_tokens: 200
  gpu: l40s
  autoscaling: {}
alternatives:
  managed_api:
    - usd_per_1m_input: {}
      usd_per_1m_output: 8
      few_shot_tokens: 1000
)",
                     p.horizon, p.examples, p.tokens, p.epochs,
                     p.gpus == 0 ? std::string("auto") : std::to_string(p.gpus), p.gpu_price, p.queries,
                     p.autoscaling ? "true" : "false", p.api_input_price);
}

Scenario scenario_for(const Params& p) {
  return load_scenario(parse_document(scenario_text(p), "property.yaml"), shipped_catalog());
}

Report report_for(const Params& p) { return build_report(scenario_for(p)); }

double self_total(const Params& p) { return report_for(p).options.front().totals.horizon_total; }
double api_total(const Params& p) { return report_for(p).options.at(1).totals.horizon_total; }

// a ≤ b, allowing for rounding in sums of many terms.
bool at_most(double a, double b) { return a <= b + 1e-9 * std::fabs(b); }

constexpr int draws = 40;
constexpr std::uint64_t seed = 20261129;

}  // namespace

TEST_CASE("more tokens or epochs never cost less", "[invariants]") {
  Generator g(seed);
  for (int i = 0; i < draws; ++i) {
    const Params base = draw(g);
    INFO(scenario_text(base));
    const double total = self_total(base);
    Params more_tokens = base;
    more_tokens.tokens = std::round(base.tokens * 1.5);
    Params more_epochs = base;
    more_epochs.epochs = base.epochs + 1;
    Params more_examples = base;
    more_examples.examples = base.examples * 2;
    CHECK(at_most(total, self_total(more_tokens)));
    CHECK(at_most(total, self_total(more_epochs)));
    CHECK(at_most(total, self_total(more_examples)));
  }
}

TEST_CASE("more GPUs of the same kind never take longer", "[invariants]") {
  Generator g(seed + 1);
  for (int i = 0; i < draws; ++i) {
    Params p = draw(g);
    p.gpus = 1;
    const Scenario s = scenario_for(p);
    double previous_hours = 0;
    for (int gpus = 1; gpus <= 64; gpus *= 2) {
      TrainingPlan plan = s.training;
      plan.gpu_count = gpus;
      const TrainingResult result = estimate_training(plan, s.model, s.data);
      INFO(fmt::format("{} on {} GPUs: {} h", scenario_text(p), gpus, result.wall_clock_hours_per_run));
      if (gpus > 1) CHECK(at_most(result.wall_clock_hours_per_run, previous_hours));
      previous_hours = result.wall_clock_hours_per_run;
    }
  }
}

TEST_CASE("a higher price never lowers a total", "[invariants]") {
  Generator g(seed + 2);
  for (int i = 0; i < draws; ++i) {
    const Params base = draw(g);
    INFO(scenario_text(base));
    Params dearer_gpu = base;
    dearer_gpu.gpu_price = base.gpu_price * 1.1;
    Params dearer_api = base;
    dearer_api.api_input_price = base.api_input_price * 1.1;
    CHECK(at_most(self_total(base), self_total(dearer_gpu)));
    CHECK(at_most(api_total(base), api_total(dearer_api)));
    // The GPU price does not touch the API option, nor the API price the self-hosted one.
    CHECK(api_total(base) == api_total(dearer_gpu));
    CHECK(self_total(base) == self_total(dearer_api));
  }
}

TEST_CASE("totals equal the sum of their line items", "[invariants]") {
  Generator g(seed + 3);
  for (int i = 0; i < draws; ++i) {
    const Params p = draw(g);
    INFO(scenario_text(p));
    const Report report = report_for(p);
    for (const auto& option : report.options) {
      double one_time = 0;
      double monthly = 0;
      for (const auto& line : option.lines) {
        (line.recurrence == Recurrence::one_time ? one_time : monthly) += line.amount();
      }
      CHECK(option.totals.one_time == Approx(one_time).epsilon(1e-12));
      CHECK(option.totals.monthly == Approx(monthly).epsilon(1e-12));
      CHECK(option.totals.horizon_total == Approx(one_time + p.horizon * monthly).epsilon(1e-12));
      CHECK(option.totals.cost_per_1k_queries.value_or(-1) ==
            Approx(option.totals.horizon_total / (p.horizon * p.queries) * 1000).epsilon(1e-12));
    }
    // The API's monthly cost from the drawn prices alone, not from its lines: every query sends
    // 400 prompt + 1,000 few-shot tokens at the drawn input price and gets 200 tokens at $8 per 1M.
    CHECK(report.options.at(1).totals.monthly ==
          Approx(p.queries * (1400 * p.api_input_price + 200 * 8) / 1e6).epsilon(1e-12));
  }
}

TEST_CASE("the break-even volume is where the option costs cross", "[invariants]") {
  Generator g(seed + 4);
  int crossings = 0;
  for (int i = 0; i < draws; ++i) {
    const Params p = draw(g);
    const Report report = report_for(p);
    REQUIRE(report.break_even.size() == 1);
    const auto& volume = report.break_even.front().queries_per_month;
    if (!volume || *volume <= 0) continue;
    ++crossings;
    INFO(fmt::format("{}break-even at {} queries/month", scenario_text(p), *volume));
    Params below = p;
    below.queries = *volume * (1 - 1e-6);
    Params above = p;
    above.queries = *volume * (1 + 1e-6);
    const Report low = report_for(below);
    const Report high = report_for(above);
    // Below the break-even the pay-per-token option is no dearer; just above it self-hosting is cheaper.
    CHECK(at_most(low.options.at(1).totals.horizon_total, low.options.front().totals.horizon_total));
    CHECK(high.options.front().totals.horizon_total < high.options.at(1).totals.horizon_total);
  }
  CHECK(crossings >= 10);  // the draws must actually exercise crossings
}

TEST_CASE("the same input gives the same bytes", "[invariants]") {
  Generator g(seed + 5);
  for (int i = 0; i < 10; ++i) {
    const Params p = draw(g);
    const Report first = report_for(p);
    const Report second = report_for(p);
    RenderOptions explain;
    explain.explain = true;
    CHECK(render_table(first, explain) == render_table(second, explain));
    CHECK(render_json(first) == render_json(second));
  }
}
