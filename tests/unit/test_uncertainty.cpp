#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/report/recommendation.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/uncertainty/monte_carlo.hpp"
#include "ftcost/util/distribution.hpp"

using namespace ftcost;

namespace {

const std::string fixtures = std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/";

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The hand-worked scenario with some lines replaced (each `from` must occur once).
Scenario hand_worked_with(const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = read_text(fixtures + "hand-worked.yaml");
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
  static const Catalog catalog = catalog_with_overlays({fixtures + "hand-worked-catalog.yaml"});
  return load_scenario(parse_document(text, "hand-worked.yaml"), catalog);
}

InputError load_error(const std::string& from, const std::string& to) {
  try {
    hand_worked_with({{from, to}});
  } catch (const InputError& error) {
    return error;
  }
  FAIL("expected an InputError");
  throw;
}

}  // namespace

TEST_CASE("Distributions reproduce analytic quantiles", "[uncertainty]") {
  // PERT(0, 0.5, 1) is Beta(3, 3), whose CDF is 10x³ − 15x⁴ + 6x⁵: F(0.2) = 0.08 − 0.024 + 0.00192 = 0.05792.
  const Distribution symmetric = Distribution::pert(0, 0.5, 1);
  CHECK(symmetric.quantile(0.05792) == Approx(0.2).margin(1e-5));
  CHECK(symmetric.quantile(0.5) == Approx(0.5).margin(1e-6));
  CHECK(symmetric.deterministic() == 0.5);
  // PERT(0, 0.25, 1) is Beta(2, 4): F(0.5) = Σ_{j=2..5} C(5,j)/32 = (10 + 10 + 5 + 1)/32 = 0.8125.
  const Distribution skewed = Distribution::pert(0, 0.25, 1);
  CHECK(skewed.quantile(0.8125) == Approx(0.5).margin(1e-5));
  // Scaled to [10, 50]: the same point maps to 10 + 0.5 × 40 = 30.
  CHECK(Distribution::pert(10, 20, 50).quantile(0.8125) == Approx(30).margin(1e-3));

  // Triangular(0, 1, 4): F(1) = 1/4; below the mode x = √(p × 4 × 1), above it x = 4 − √((1 − p) × 4 × 3).
  const Distribution triangle = Distribution::triangular(0, 1, 4);
  CHECK(triangle.quantile(0.25) == Approx(1.0));
  CHECK(triangle.quantile(0.0625) == Approx(0.5));
  CHECK(triangle.quantile(0.75) == Approx(4.0 - std::sqrt(3.0)));

  // Lognormal: the median, and P90 = median × spread, P10 = median / spread by definition.
  const Distribution lognormal = Distribution::lognormal(100, 2);
  CHECK(lognormal.quantile(0.5) == Approx(100).epsilon(1e-12));
  CHECK(lognormal.quantile(0.9) == Approx(200).epsilon(1e-9));
  CHECK(lognormal.quantile(0.1) == Approx(50).epsilon(1e-9));
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-9));
  CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-9));

  // Uniform: deterministic value is the mean; P10 of [0, 100] is 10.
  CHECK(Distribution::uniform(0, 100).quantile(0.1) == Approx(10));
  CHECK(Distribution::uniform(0, 100).deterministic() == 50);
}

namespace {
// The empirical p-quantile of a sample, by sorting: the value at rank round(p × (n − 1)).
double empirical_quantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(std::lround(p * static_cast<double>(values.size() - 1)))];
}
}  // namespace

TEST_CASE("Sampling through the inverse CDF matches the analytic quantiles", "[uncertainty]") {
  std::mt19937_64 engine(7);
  const Distribution skewed = Distribution::pert(0, 0.25, 1);
  std::vector<double> values;
  for (int i = 0; i < 100000; ++i) values.push_back(skewed.quantile(uniform_open01(engine)));
  // Beta(2, 4): P(X ≤ 0.5) = 0.8125, so the empirical 81.25th percentile sits at 0.5; the sampling
  // error of a quantile at n = 100k is about √(p(1−p)/n) / density ≈ 0.0012 / 1.25 ≈ 0.001.
  CHECK(empirical_quantile(values, 0.8125) == Approx(0.5).margin(0.005));
  CHECK(empirical_quantile(values, 0.5) == Approx(skewed.quantile(0.5)).margin(0.005));
}

TEST_CASE("Ranges in a scenario: deterministic value and recorded inputs", "[uncertainty]") {
  const Scenario s =
      hand_worked_with({{"queries_per_month: 10M", "queries_per_month: {low: 8M, likely: 10M, high: 12M}"},
                        {"few_shot_tokens: 1000", "few_shot_tokens: {dist: uniform, low: 500, high: 2000}"},
                        {"epochs: 2\n  gpu", "epochs: {dist: lognormal, median: 2, spread: 1.5}\n  gpu"}});
  REQUIRE(s.uncertain.size() == 3);
  CHECK(s.uncertain[0].field == "training.epochs");
  CHECK(s.training.epochs == 2);  // the median
  CHECK(s.uncertain[1].field == "hosting.queries_per_month");
  CHECK(s.hosting.queries_per_month == 10e6);  // likely
  CHECK(s.uncertain[2].field == "alternatives.managed_api[0].few_shot_tokens");
  CHECK(s.apis[0].few_shot_tokens == 1250);  // the mean of uniform(500, 2000)

  // The setter writes a value back into a copy.
  Scenario copy = s;
  s.uncertain[2].set(copy, 1800);
  CHECK(copy.apis[0].few_shot_tokens == 1800);

  // Without ranges the scenario records nothing and the report is unchanged.
  CHECK(hand_worked_with({}).uncertain.empty());
}

TEST_CASE("Bad ranges are input errors naming file, line and field", "[uncertainty]") {
  const InputError above = load_error("ops_fte: 0.5", "ops_fte: {low: 0.6, likely: 0.5, high: 0.7}");
  CHECK(above.field() == "hosting.ops_fte.low");
  CHECK(above.where().line == 31);
  CHECK(above.problem() == "low 0.6 is above likely 0.5");

  const InputError spread = load_error("ops_fte: 0.5", "ops_fte: {dist: lognormal, median: 0.5, spread: -2}");
  CHECK(spread.field() == "hosting.ops_fte.spread");
  CHECK(spread.where().line == 31);

  const InputError unknown = load_error("ops_fte: 0.5", "ops_fte: {dist: gamma, low: 0.1, high: 1}");
  CHECK(unknown.field() == "hosting.ops_fte.dist");
  CHECK(unknown.problem() == "unknown distribution 'gamma'");

  const InputError count = load_error("gpus: 1", "gpus: {low: 1, likely: 2, high: 4}");
  CHECK(count.field() == "training.gpus");
  CHECK(count.problem() == "cannot be a range here");

  const InputError out_of_range = load_error("cached_share: 50%", "cached_share: {low: 10%, likely: 50%, high: 120%}");
  CHECK(out_of_range.field() == "alternatives.managed_api[0].cached_share.high");
}

TEST_CASE("Monte Carlo: P50 of a symmetric range matches the deterministic estimate", "[uncertainty]") {
  const Scenario s =
      hand_worked_with({{"queries_per_month: 10M", "queries_per_month: {low: 8M, likely: 10M, high: 12M}"}});
  const Report report = build_report(s);
  std::mt19937_64 engine(2026);
  const UncertaintyResult u = run_monte_carlo(s, report, 20000, engine);
  REQUIRE(u.options.size() == 3);
  CHECK(u.infeasible_samples == 0);
  // The API bill is linear in volume and PERT(8M, 10M, 12M) is symmetric, so its median monthly
  // cost is the deterministic one; the sample median's error is ~1.25 σ/√n = 1.25 × 0.378M / 141 ≈ 0.03%.
  const OptionReport& api = report.options[1];
  CHECK(u.options[1].id == api.id);
  CHECK(u.options[1].monthly.p50 == Approx(api.totals.monthly).epsilon(0.003));
  CHECK(u.options[1].monthly.p10 < api.totals.monthly);
  CHECK(u.options[1].monthly.p90 > api.totals.monthly);
  // One-time costs do not depend on volume: every percentile is the deterministic value.
  CHECK(u.options[1].one_time.p10 == Approx(api.totals.one_time));
  CHECK(u.options[1].one_time.p90 == Approx(api.totals.one_time));
  double total = 0;
  for (const auto& o : u.options) total += o.probability_cheapest;
  CHECK(total == Approx(1.0));
}

TEST_CASE("Monte Carlo: the same seed gives the same output byte for byte", "[uncertainty]") {
  const Scenario s =
      hand_worked_with({{"queries_per_month: 10M", "queries_per_month: {dist: lognormal, median: 10M, spread: 2}"},
                        {"ops_fte: 0.5", "ops_fte: {low: 0.2, likely: 0.5, high: 1}"}});
  auto run = [&](std::uint64_t seed) {
    Report report = build_report(s);
    std::mt19937_64 engine(seed);
    report.uncertainty = run_monte_carlo(s, report, 2000, engine);
    report.sensitivity = run_sensitivity(s, report);
    report.recommendation = recommend(s, report);
    return render_json(report);
  };
  const std::string first = run(11);
  CHECK(first == run(11));
  CHECK(first != run(12));
  CHECK(first.find("\"uncertainty\"") != std::string::npos);
  // Without ranges there is nothing to sample: no uncertainty section at all.
  CHECK(render_json(build_report(hand_worked_with({}))).find("\"uncertainty\"") == std::string::npos);
}

TEST_CASE("Tornado ranks a contrived scenario's inputs by their swing", "[uncertainty]") {
  // Linear effects, worked by hand from P10 and P90 of each uniform range:
  //   pipeline hours uniform(0, 100) at $100/h: P10 10 h, P90 90 h → swing 80 × $100 = $8,000 (data: self-hosted, FT)
  //   cleaning h/1k uniform(1, 3), 10k examples at $50/h: P10 1.2, P90 2.8 → 10 × 1.6 × $50 = $800
  //   prompt engineering uniform(0, 10) at $100/h: P10 1, P90 9 → 8 × $100 = $800 (API only)
  const Scenario s = hand_worked_with(
      {{"engineering_hours: 10, rate: 100", "engineering_hours: {dist: uniform, low: 0, high: 100}, rate: 100"},
       {"hours_per_1k_examples: 2,", "hours_per_1k_examples: {dist: uniform, low: 1, high: 3},"},
       {"prompt_engineering_hours: 20", "prompt_engineering_hours: {dist: uniform, low: 0, high: 10}"}});
  const Report report = build_report(s);
  const SensitivityResult result = run_sensitivity(s, report);
  REQUIRE(result.horizon_cost.size() == 3);
  const Tornado& self = result.horizon_cost[0];
  REQUIRE(self.bars.size() == 3);
  CHECK(self.bars[0].field == "data.pipeline.engineering_hours");
  CHECK(self.bars[0].swing == Approx(8000));
  CHECK(self.bars[0].input_low == Approx(10));
  CHECK(self.bars[0].input_high == Approx(90));
  CHECK(self.bars[1].field == "data.cleaning.hours_per_1k_examples");
  CHECK(self.bars[1].swing == Approx(800));
  CHECK(self.bars[2].field == "alternatives.managed_api[0].prompt_engineering_hours");
  CHECK(self.bars[2].swing == 0);

  const Tornado& api = result.horizon_cost[1];
  CHECK(api.bars[0].field == "alternatives.managed_api[0].prompt_engineering_hours");
  CHECK(api.bars[0].swing == Approx(800));
  CHECK(api.bars[1].swing == 0);

  // Break-even volume against the API moves with the one-time gap: the pipeline first.
  REQUIRE(result.break_even.size() == 2);
  CHECK(result.break_even[0].bars[0].field == "data.pipeline.engineering_hours");
}

TEST_CASE("A range on the training GPU price moves a serving price copied from it", "[uncertainty]") {
  // Hosting without its own gpu/price takes the training GPU and its price.
  const Scenario s =
      hand_worked_with({{"  gpus: 1\n", "  gpus: 1\n  usd_per_gpu_hour: {low: 1, likely: 2, high: 4}\n"},
                        {"  max_ms_per_output_token: 100\n  gpu: test-gpu\n", "  max_ms_per_output_token: 100\n"}});
  REQUIRE(s.uncertain.size() == 1);
  CHECK(s.hosting.gpu_hour.usd == 2);
  Scenario copy = s;
  apply_input(copy, s.uncertain[0], 3.5);
  CHECK(copy.training.gpu_hour.usd == 3.5);
  CHECK(copy.hosting.gpu_hour.usd == 3.5);
}

TEST_CASE("Recommendation rules on the hand-worked scenario", "[recommendation]") {
  // At 10M queries/month: self-hosted $147,041, API $233,000, managed fine-tune $80,050 over 12 months.
  {
    const Scenario s = hand_worked_with({});
    const Recommendation r = recommend(s, build_report(s));
    CHECK(r.verdict == Verdict::managed_finetune);
    CHECK(r.option == "finetune:test-ft");
    CHECK(r.headline == "Use a managed fine-tune: Managed fine-tune test-ft.");
    REQUIRE(r.reasons.size() == 2);
    CHECK(r.reasons[0] ==
          "Managed fine-tune test-ft costs least over 12 months: $80,050 against $233,000 for API "
          "test-api + few-shot");
    // Self-hosting's replica carries 9.52 req/s × 0.7 × 2,628,000 s / peak 3 = 5.84M queries a month
    // and costs 730 h × $2 = $1,460 a month: its fourth step, at 4 × 5.84M = 23.35M, adds $17,520
    // over 12 months, which test-ft's $0.0078 a query over 12 months takes 2.33M queries to catch:
    // test-ft is cheaper again from 23.3M to 25.3M.
    CHECK(r.reasons[1] ==
          "self-hosting would win only above 23.1M queries/month (except from 23.3M to 25.3M queries/month, where "
          "Managed fine-tune test-ft is cheaper); you expect 10M");
  }
  // A small gain does not stop the cheaper fine-tune: $233,000 − $80,050 = $152,950.
  {
    const Scenario s = hand_worked_with({{"alternatives:", "decision: {expected_accuracy_gain: 5%}\nalternatives:"}});
    const Recommendation r = recommend(s, build_report(s));
    CHECK(r.verdict == Verdict::managed_finetune);
    CHECK(r.reasons[0] ==
          "Managed fine-tune test-ft costs $152,950 less over 12 months than API test-api + few-shot, "
          "although the expected accuracy gain (5%) is below the 10% threshold");
  }
  // Cheaper and better: no extra cost for the gain to pay back, so the reason says both
  // (20% × $0.01 × 10M × 12 = $240,000).
  {
    const Scenario s = hand_worked_with(
        {{"alternatives:", "decision: {expected_accuracy_gain: 20%, value_per_query_usd: 0.01}\nalternatives:"}});
    const Recommendation r = recommend(s, build_report(s));
    CHECK(r.verdict == Verdict::managed_finetune);
    CHECK(r.reasons[0] ==
          "Managed fine-tune test-ft costs $152,950 less over 12 months than API test-api + few-shot and is "
          "expected to add 20% accuracy (worth $240,000 at $0.01 per query)");
  }
  // At 100k queries/month and no prompt engineering the API is cheapest; a 5% gain is below the
  // threshold → the API.
  const std::pair<std::string, std::string> low_volume{"queries_per_month: 10M", "queries_per_month: 100k"};
  const std::pair<std::string, std::string> no_prompt{"prompt_engineering_hours: 20", "prompt_engineering_hours: 0"};
  {
    const Scenario s = hand_worked_with(
        {low_volume, no_prompt, {"alternatives:", "decision: {expected_accuracy_gain: 5%}\nalternatives:"}});
    const Report report = build_report(s);
    const Recommendation r = recommend(s, report);
    CHECK(r.verdict == Verdict::base_api);
    CHECK(r.option == "api:test-api");
    CHECK(r.would_change.front() == "an expected accuracy gain of at least 10% would favour fine-tuning");
  }
  // With a value per query, fine-tuning wins exactly when gain × value × queries × horizon covers its
  // extra cost: the break-even value is premium / (0.2 × 100k × 12).
  {
    const Scenario probe = hand_worked_with({low_volume, no_prompt});
    const Report report = build_report(probe);
    double cheapest_ft = 1e300, cheapest_api = 1e300;
    for (const auto& o : report.options) {
      double& slot = o.kind == OptionKind::managed_api ? cheapest_api : cheapest_ft;
      slot = std::min(slot, o.totals.horizon_total);
    }
    const double premium = cheapest_ft - cheapest_api;
    REQUIRE(premium > 0);
    const double break_even_value = premium / (0.2 * 100e3 * 12);
    for (const double factor : {0.9, 1.1}) {
      const std::string decision =
          fmt::format("decision: {{expected_accuracy_gain: 20%, value_per_query_usd: {}}}\nalternatives:",
                      break_even_value * factor);
      const Scenario s = hand_worked_with({low_volume, no_prompt, {"alternatives:", decision}});
      const Recommendation r = recommend(s, build_report(s));
      CHECK(r.verdict == (factor > 1 ? Verdict::managed_finetune : Verdict::base_api));
    }
  }
}

TEST_CASE("a recommended option whose vendor retires its price says so beside the verdict", "[recommendation]") {
  // The hand-worked managed fine-tune wins at 10M queries/month; its vendor now winds it down.
  Catalog catalog = catalog_with_overlays({fixtures + "hand-worked-catalog.yaml"});
  merge_catalog(catalog, parse_document("format: ftcost-catalog/1\nfinetune:\n  - {id: test-ft, deprecated: "
                                        "\"2026-05-07\", sunset: \"2027-01-06\"}\n",
                                        "retiring.yaml"));
  const Scenario s =
      load_scenario(parse_document(read_text(fixtures + "hand-worked.yaml"), "hand-worked.yaml"), catalog);
  const Report report = build_report(s);
  // Without a date the caution states the dates.
  const Recommendation r = recommend(s, report);
  CHECK(r.option == "finetune:test-ft");
  REQUIRE(r.reasons.size() == 3);
  CHECK(r.reasons[2] ==
        "caution: test-ft has a sunset on 2027-01-06 (deprecated since 2026-05-07); plan its successor");
  // Dated: the sunset falls within the 12-month horizon of 2026-12-02, so test-ft is not weighed: the
  // verdict goes to the cheapest fine-tune that lasts the horizon, and says what it passed over.
  const Recommendation dated = recommend(s, report, "2026-12-02");
  CHECK(dated.option == "self-hosted");
  CHECK(dated.reasons.back() ==
        "not recommended: Managed fine-tune test-ft would cost less ($80,050), but test-ft has a sunset on "
        "2027-01-06, within the 12-month horizon");
  // Past it: no longer buyable.
  const Recommendation late = recommend(s, report, "2027-02-01");
  CHECK(late.option == "self-hosted");
  CHECK(late.reasons.back() ==
        "not recommended: Managed fine-tune test-ft would cost less ($80,050), but test-ft reached its sunset on "
        "2027-01-06 and can no longer be bought");
  for (const auto& reason : late.reasons) CHECK(reason.find("caution") == std::string::npos);
  // A sunset after the horizon: a note, not a caution.
  CHECK(recommend(s, report, "2024-01-01").reasons[2] ==
        "note: test-ft is deprecated since 2026-05-07; its sunset, 2027-01-06, falls after the 12-month horizon");
  // Without lifecycle dates, no caution (the rules test above: two reasons).
  const Scenario plain = hand_worked_with({});
  CHECK(recommend(plain, build_report(plain)).reasons.size() == 2);
}
