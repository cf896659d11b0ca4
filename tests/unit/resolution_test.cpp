// One resolution step: a sweep point, a Monte Carlo sample and a plan candidate (apply_overrides)
// price a scenario exactly as `estimate --set` does, which reloads the file with the value written.
// The reference is always a reload (reload_with_overrides, the path of --set), never the fast path.
#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <random>

#include "ftcost/catalog/load.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/report/sweep.hpp"
#include "ftcost/report/totals.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/resolve.hpp"
#include "ftcost/uncertainty/monte_carlo.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;

namespace {

const std::vector<std::string> examples = {"support-assistant-8b-lora", "legal-70b-qlora", "low-volume-internal-tool",
                                           "product-qa-high-volume"};

Document example_document(const std::string& name) {
  return load_document(std::string(FTCOST_SOURCE_DIR) + "/examples/" + name + ".yaml");
}

// A fixture that exercises every derived value: synthetic data with default token counts, a review
// rate and time that follow the annotation's, hosting that inherits the training GPU's price, a
// managed fine-tune that inherits epochs and trials, and 8 LoRA adapters served together.
Document derived_fixture() {
  return parse_document(R"(version: 1
name: derived values
horizon_months: 24
data:
  examples: 20k
  tokens_per_example: 900
  annotation: {share: 30%, minutes_per_example: 3}
  synthetic: {examples: 5k}
model: llama-3.1-8b
training:
  method: lora
  epochs: 2
  provider: lambda
hosting:
  queries_per_month: 2M
  input_tokens: 500
  output_tokens: 200
  adapters: 8
alternatives:
  managed_api: [{model: gpt-4o-mini}]
  managed_finetune: [{offer: openai-gpt-4.1-mini-ft}]
)",
                        "derived.yaml");
}

struct Priced {
  std::vector<double> totals;  // horizon total per option, report order
  std::string error;           // the problem when the scenario is refused
};

Priced price(const std::function<Scenario()>& make) {
  try {
    const Report report = build_report(make());
    Priced out;
    for (const auto& option : report.options) out.totals.push_back(option.totals.horizon_total);
    return out;
  } catch (const InputError& error) {
    return {{}, error.problem()};
  }
}

// `estimate --set NAME=VALUE`: the file reloaded with the value written.
Priced estimate_with_set(const Document& doc, const Catalog& catalog, const std::string& name, double value) {
  return price([&] { return reload_with_overrides(doc, catalog, {{name, fmt::format("{}", value), "--set"}}); });
}

// One sweep point: the row's totals, or the refusal.
Priced sweep_point(const Scenario& scenario, const std::string& name, double value) {
  Priced out;
  try {
    const std::vector<SweepAxis> axes = {parse_sweep_axis(fmt::format("{}={}", name, value))};
    run_sweep(scenario, axes, [&](const double*, const double* totals, std::size_t) {
      out.totals.assign(totals, totals + sweep_option_ids(scenario).size());
    });
  } catch (const InputError& error) {
    out.error = error.problem();
  }
  return out;
}

void check_same_to_the_cent(const Priced& fast, const Priced& reload) {
  // Both refuse the value, or both price it; a price agrees to within half a cent.
  CHECK(fast.error.empty() == reload.error.empty());
  REQUIRE(fast.totals.size() == reload.totals.size());
  for (std::size_t i = 0; i < fast.totals.size(); ++i) {
    INFO("option " << i << ": " << fmt::format("{:.4f} vs {:.4f}", fast.totals[i], reload.totals[i]));
    CHECK(std::fabs(fast.totals[i] - reload.totals[i]) < 0.005);
  }
}

// A value of the field near the scenario's own (a factor of e^±2), or an arbitrary one when that is 0;
// sometimes just outside the valid range, which both paths must refuse.
double draw(std::mt19937_64& rng, double current, const Range& range) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double u = unit(rng);
  if (u < 0.08) return range.min_inclusive ? range.min - 1 : range.min;  // just outside
  const double base = current > 0 ? current : 1000.0;
  double v = base * std::exp(4.0 * unit(rng) - 2.0);
  if (v > range.max) v = range.max;
  if (v < range.min || (!range.min_inclusive && v <= range.min)) v = range.min + 1;
  // 6 significant digits, as a person would write them.
  return std::stod(fmt::format("{:.6g}", v));
}

double current_value(const Scenario& s, const std::string& name) {
  // The value the file resolves to, read back through the fields' own setters' targets.
  if (name == "hosting.queries_per_month") return s.hosting.queries_per_month;
  if (name == "horizon_months") return s.horizon_months;
  if (name == "hosting.input_tokens") return s.hosting.input_tokens;
  if (name == "hosting.output_tokens") return s.hosting.output_tokens;
  if (name == "hosting.peak_factor") return s.hosting.peak_factor;
  if (name == "hosting.min_replicas") return s.hosting.min_replicas;
  if (name == "hosting.usd_per_gpu_hour") return s.hosting.gpu_hour.usd;
  if (name == "hosting.ops_fte") return s.hosting.ops_fte;
  if (name == "training.usd_per_gpu_hour") return s.training.gpu_hour.usd;
  if (name == "training.epochs") return s.training.epochs;
  if (name == "training.hyperparameter_trials") return s.training.trials;
  if (name == "data.examples") return s.data.examples;
  if (name == "data.tokens_per_example") return s.data.tokens_per_example;
  if (name == "data.annotation.minutes_per_example") return s.data.minutes_per_label;
  if (name == "data.synthetic.examples") return s.data.synthetic.examples;
  FAIL("no reader for " << name << ": add it here");
  return 0;
}

}  // namespace

TEST_CASE("sweep --vary data.tokens_per_example equals estimate --set (issue 13: seq_len followed the load)") {
  const Catalog catalog = shipped_catalog();
  const Document doc = example_document("support-assistant-8b-lora");
  const Scenario scenario = load_scenario(doc, catalog);
  for (double tokens : {300.0, 2400.0}) {
    INFO("tokens_per_example " << tokens);
    check_same_to_the_cent(sweep_point(scenario, "data.tokens_per_example", tokens),
                           estimate_with_set(doc, catalog, "data.tokens_per_example", tokens));
  }
}

TEST_CASE("sweeps of fields that others follow equal estimate --set") {
  const Catalog catalog = shipped_catalog();
  const Document doc = derived_fixture();
  const Scenario scenario = load_scenario(doc, catalog);
  // The fixture's derived values, as loaded: the reference the overrides below must move.
  CHECK(scenario.training.seq_len == 900);
  CHECK(scenario.data.synthetic.input_tokens_per_example == 900);
  CHECK(scenario.data.review_minutes_per_label == 1.5);
  CHECK(scenario.hosting.gpu_hour.usd == scenario.training.gpu_hour.usd);
  CHECK(scenario.finetunes[0].epochs == 2);
  CHECK(scenario.hosting.adapter_rank == 16);
  const std::vector<std::pair<std::string, double>> cases = {
      {"data.tokens_per_example", 2000},           // seq_len, synthetic input and output tokens
      {"training.usd_per_gpu_hour", 4.25},         // the serving price inherited from training
      {"training.epochs", 5},                      // the managed fine-tune's epochs
      {"training.hyperparameter_trials", 1},       // and its trials
      {"data.annotation.minutes_per_example", 8},  // the review time (half of it)
      {"hosting.usd_per_gpu_hour", 1.1},           // hosting now prices its own GPU-hours
      {"data.synthetic.examples", 0},
  };
  for (const auto& [name, value] : cases) {
    INFO(name << " = " << value);
    check_same_to_the_cent(sweep_point(scenario, name, value), estimate_with_set(doc, catalog, name, value));
  }
  // Synthetic data added by an override to a scenario that had none is priced with the default API.
  const Document none = [] {
    Document d = derived_fixture();
    apply_override(d, {"data.synthetic.examples", "0", "--set"});
    return d;
  }();
  check_same_to_the_cent(sweep_point(load_scenario(none, catalog), "data.synthetic.examples", 3000),
                         estimate_with_set(none, catalog, "data.synthetic.examples", 3000));
}

TEST_CASE("property: every sweepable field at random values equals estimate --set to the cent") {
  const Catalog catalog = shipped_catalog();
  std::mt19937_64 rng(20261202);
  std::vector<std::pair<std::string, Document>> docs;
  for (const auto& name : examples) docs.emplace_back(name, example_document(name));
  docs.emplace_back("derived fixture", derived_fixture());
  int priced = 0, refused = 0;
  for (const auto& [doc_name, doc] : docs) {
    const Scenario scenario = load_scenario(doc, catalog);
    for (const NumericField& field : sweepable_fields()) {
      for (int i = 0; i < 4; ++i) {
        const double value = draw(rng, current_value(scenario, field.name), *field.range);
        INFO(doc_name << ": " << field.name << " = " << value);
        const Priced reload = estimate_with_set(doc, catalog, field.name, value);
        check_same_to_the_cent(sweep_point(scenario, field.name, value), reload);
        ++(reload.error.empty() ? priced : refused);
      }
    }
  }
  // Both outcomes were exercised: 5 scenarios × 15 fields × 4 draws.
  CHECK(priced > 200);
  CHECK(refused > 5);
}

TEST_CASE("apply_overrides (the plan API) prices several overrides as estimate --set does") {
  const Catalog catalog = shipped_catalog();
  const Document doc = derived_fixture();
  const Scenario base = load_scenario(doc, catalog);
  const std::vector<Override> numbers = {{"data.tokens_per_example", "1.5k", "--set data.tokens_per_example=1.5k"},
                                         {"training.epochs", "4", "--set training.epochs=4"},
                                         {"hosting.queries_per_month", "7M", "--set hosting.queries_per_month=7M"}};
  check_same_to_the_cent(price([&] { return apply_overrides(base, doc, catalog, numbers); }),
                         price([&] { return reload_with_overrides(doc, catalog, numbers); }));
  // The fast path really was taken: the base's defaults text is kept (a reload rewrites it).
  const Scenario fast = apply_overrides(base, doc, catalog, numbers);
  CHECK(fast.training.seq_len == 1500);
  CHECK(fast.finetunes[0].epochs == 4);

  // A name is not a number: the file is reloaded with every override.
  std::vector<Override> with_gpu = numbers;
  with_gpu.push_back({"training.gpu", "a100-80gb", "--set training.gpu=a100-80gb"});
  const Scenario reloaded = apply_overrides(base, doc, catalog, with_gpu);
  CHECK(reloaded.training.gpu.id == "a100-80gb");
  CHECK(reloaded.hosting.gpu.id == "a100-80gb");
  CHECK(reloaded.training.seq_len == 1500);

  // Out of range: the loader's message, located at the override.
  CHECK_THROWS_WITH(apply_overrides(base, doc, catalog, {{"training.epochs", "0", "--set training.epochs=0"}}),
                    Catch::StartsWith("--set training.epochs=0: training.epochs: 0 is out of range: it must be "
                                      "greater than 0 and at most 1000"));
}

TEST_CASE("a Monte Carlo sample prices the sampled values as estimate --set does") {
  const Catalog catalog = shipped_catalog();
  Document doc = derived_fixture();
  // Ranges on the fields other values follow.
  apply_override(doc, {"data.tokens_per_example", "{low: 400, likely: 900, high: 2500}", "--set"});
  apply_override(doc, {"training.usd_per_gpu_hour", "{low: 1.5, likely: 2.5, high: 4}", "--set"});
  apply_override(doc, {"training.epochs", "{dist: uniform, low: 1, high: 5}", "--set"});
  apply_override(doc, {"data.annotation.minutes_per_example", "{low: 1, likely: 3, high: 9}", "--set"});
  const Scenario scenario = load_scenario(doc, catalog);
  REQUIRE(scenario.uncertain.size() == 4);
  const std::vector<std::vector<double>> samples = {{2400, 3.9, 4.5, 8.5}, {450, 1.6, 1.2, 1.1}};
  for (const auto& sample : samples) {
    Scenario working = scenario;
    std::vector<Override> sets;
    for (std::size_t i = 0; i < sample.size(); ++i) {
      apply_input(working, scenario.uncertain[i], sample[i]);
      sets.push_back({scenario.uncertain[i].field, fmt::format("{}", sample[i]), "--set"});
    }
    const ScenarioTotals fast = evaluate_totals(working, nullptr);
    const Report reference = build_report(reload_with_overrides(doc, catalog, sets));
    for (std::size_t o = 0; o < reference.options.size(); ++o) {
      INFO("sample " << sample[0] << ", option " << reference.options[o].id);
      CHECK(std::fabs(fast.options[o].horizon_total - reference.options[o].totals.horizon_total) < 0.005);
    }
    // The evaluation cache of a run with these ranges must not pin the training GPU count or replica.
    const EvaluationCache cache = evaluation_cache_for(scenario);
    const ScenarioTotals cached = evaluate_totals(working, &cache);
    CHECK(cached.options[0].horizon_total == fast.options[0].horizon_total);
  }
}

TEST_CASE("Monte Carlo with zero-width ranges equals the point estimate") {
  const Catalog catalog = shipped_catalog();
  for (const auto& name : examples) {
    INFO(name);
    const Document plain = example_document(name);
    const Scenario point_scenario = load_scenario(plain, catalog);
    // Every sweepable field that the file resolves to a value other than 0, as a zero-width range at
    // a value 30% above it (so the samples differ from the file), against the scalar written there.
    Document ranged = plain;
    std::vector<Override> scalars;
    // The file's own ranges, made zero-width at their deterministic values.
    for (const UncertainInput& input : point_scenario.uncertain) {
      const std::string value = fmt::format("{}", input.distribution.deterministic());
      apply_override(ranged, {input.field, fmt::format("{{dist: uniform, low: {0}, high: {0}}}", value), "--set"});
      scalars.push_back({input.field, value, "--set"});
    }
    for (const NumericField& field : numeric_fields()) {
      const double current = current_value(point_scenario, field.name);
      if (current <= 0) continue;
      const double raised = std::min(current * 1.3, field.range->max);
      const std::string value = fmt::format("{}", field.range->whole ? std::round(raised) : raised);
      apply_override(ranged, {field.name, fmt::format("{{dist: uniform, low: {0}, high: {0}}}", value), "--set"});
      scalars.push_back({field.name, value, "--set"});
    }
    const Scenario with_ranges = load_scenario(ranged, catalog);
    const Report point = build_report(reload_with_overrides(plain, catalog, scalars));
    std::mt19937_64 engine(7);
    const UncertaintyResult mc = run_monte_carlo(with_ranges, build_report(with_ranges), 200, engine);
    CHECK(mc.infeasible_samples == 0);
    for (std::size_t o = 0; o < point.options.size(); ++o) {
      INFO(point.options[o].id);
      CHECK(std::fabs(mc.options[o].horizon_total.p10 - point.options[o].totals.horizon_total) < 0.005);
      CHECK(std::fabs(mc.options[o].horizon_total.p90 - point.options[o].totals.horizon_total) < 0.005);
    }
  }
}

TEST_CASE("sweep, estimate --set and the CLI agree on the issue's example, to the cent") {
  const auto sweep = pipeline_test::run_ftcost(
      "sweep examples/support-assistant-8b-lora.yaml --vary data.tokens_per_example=300,2400 -f json");
  REQUIRE(sweep.exit_code == 0);
  for (const char* tokens : {"300", "2400"}) {
    const auto estimate = pipeline_test::run_ftcost(fmt::format(
        "estimate examples/support-assistant-8b-lora.yaml --set data.tokens_per_example={} -f json", tokens));
    REQUIRE(estimate.exit_code == 0);
    const auto report = nlohmann::json::parse(estimate.out);
    const std::string row_start = fmt::format("{{\"data.tokens_per_example\":{},", tokens);
    const auto at = sweep.out.find(row_start);
    REQUIRE(at != std::string::npos);
    const auto row = nlohmann::json::parse(sweep.out.substr(at, sweep.out.find('\n', at) - at));
    for (const auto& option : report["options"]) {
      const std::string id = option["id"];
      INFO(tokens << " tokens, " << id);
      CHECK(std::llround(option["horizon_total_usd"].get<double>() * 100) ==
            std::llround(row["totals_usd"][id].get<double>() * 100));
    }
  }
}
