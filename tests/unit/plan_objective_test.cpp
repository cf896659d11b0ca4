// `ftcost plan --objective p90`: the finalists' Monte Carlo against the one `estimate --samples` runs,
// the winner against every finalist, and a case where the p90 winner is not the point winner.
#include <catch2/catch.hpp>

#include <random>

#include "ftcost/catalog/load.hpp"
#include "ftcost/plan/plan.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/override.hpp"
#include "ftcost/uncertainty/monte_carlo.hpp"

using namespace ftcost;

namespace {

const std::string source_dir = FTCOST_SOURCE_DIR;

Document with(Document doc, const std::vector<std::pair<std::string, std::string>>& sets) {
  for (const auto& [path, value] : sets) apply_override(doc, {path, value, "test"});
  return doc;
}

// What `ftcost estimate DOC --set … --samples N --seed S` reports as the self-hosted p90.
double estimate_p90(const Document& doc, const Catalog& catalog, const PlanCandidate& plan, int samples,
                    std::uint64_t seed) {
  Document changed = doc;
  for (const auto& change : plan.set) apply_override(changed, {change.path, change.value, "test"});
  const Scenario s = load_scenario(changed, catalog);
  const Report report = build_report(s);
  std::mt19937_64 engine(seed);
  return run_monte_carlo(s, report, samples, engine).options.front().horizon_total.p90;
}

}  // namespace

TEST_CASE("plan --objective p90: every finalist's p90 is estimate's, and the best has the lowest", "[plan][p90]") {
  const Catalog& catalog = shipped_catalog();
  const Document doc = load_document(source_dir + "/examples/product-qa-high-volume.yaml");
  PlanObjective objective;
  objective.kind = PlanObjectiveKind::p90;
  objective.samples = 500;
  objective.seed = 7;
  const PlanResult plan = search_plan(doc, catalog, {}, objective);
  REQUIRE(plan.best);
  REQUIRE(plan.best->p90_horizon_total_usd);
  // The 16 cheapest plans, the frontier entries and the scenario as written, less those met twice.
  CHECK(plan.finalists >= 16);
  CHECK(plan.finalists <= 16 + 1 + static_cast<int>(plan.frontier_training.size() + plan.frontier_latency.size()));
  CHECK(*plan.best->p90_horizon_total_usd ==
        Approx(estimate_p90(doc, catalog, *plan.best, objective.samples, objective.seed)).epsilon(1e-12));
  std::vector<PlanCandidate> shown = plan.frontier_training;
  shown.insert(shown.end(), plan.frontier_latency.begin(), plan.frontier_latency.end());
  REQUIRE(plan.as_written);
  shown.push_back(*plan.as_written);
  for (const auto& c : shown) {
    REQUIRE(c.p90_horizon_total_usd);
    CHECK(*c.p90_horizon_total_usd ==
          Approx(estimate_p90(doc, catalog, c, objective.samples, objective.seed)).epsilon(1e-12));
    CHECK(*plan.best->p90_horizon_total_usd <= *c.p90_horizon_total_usd * (1 + 1e-12));
  }
  // Ranges widen the total upwards here (MFU and labelling time): p90 above the point total.
  CHECK(*plan.best->p90_horizon_total_usd > plan.best->horizon_total_usd);
}

TEST_CASE("plan --objective p90 on a scenario without ranges is an error", "[plan][p90]") {
  const Document doc = load_document(source_dir + "/examples/support-assistant-8b-lora.yaml");
  PlanObjective objective;
  objective.kind = PlanObjectiveKind::p90;
  try {
    search_plan(doc, shipped_catalog(), {}, objective);
    FAIL("no error");
  } catch (const InputError& error) {
    CHECK(error.field() == "--objective");
    CHECK(error.problem().find("needs a scenario with ranges") != std::string::npos);
  }
}

TEST_CASE("plan --objective p90: headroom wins over the point optimum when traffic is uncertain", "[plan][p90]") {
  // The tiny catalog (tests/fixtures/plan) plus a reserved test-gpu at $1.20/GPU-h from othercloud.
  Catalog catalog = shipped_catalog();
  catalog.gpu_prices.clear();
  merge_catalog(catalog, load_document(source_dir + "/tests/fixtures/plan/tiny-catalog.yaml"));
  Source test_source;
  test_source.text = "test";
  test_source.as_of = "2026-01-01";
  catalog.gpu_prices.push_back({"test-gpu", "othercloud", "", "", "reserved_1y", "instance", 1.2, test_source});
  // tiny.yaml with its traffic uniform between 1M and 9M queries a month (point value: the middle, 5M).
  const Document doc = with(load_document(source_dir + "/tests/fixtures/plan/tiny.yaml"),
                            {{"hosting.queries_per_month", "{dist: uniform, low: 1M, high: 9M}"}});
  // By hand (plan_test.cpp's hand-checked winner): data $2,000 + training on one fast-gpu $0.859163;
  // monitoring $500 + 0.5 FTE × 173.333 h × $100 = $9,166.67 a month for any fleet. One test-gpu
  // replica carries 5.834896M queries a month always on (peak factor 3, 70% utilisation), 3× that
  // (17.504688M) scaling with the average.
  //   reserved, always on: $1.20 × 730 h = $876 a replica-month. At 5M, 1 replica:
  //     2,000.859163 + 12 × (876 + 9,166.667) = $122,512.86 — the point optimum.
  //     At the p90 of the traffic (≈ 1M + 0.9 × 8M = 8.2M > 5.834896M) 2 replicas: + 12 × 876
  //     = $133,024.86.
  //   on demand, autoscaling: $2 × 730 = $1,460 a replica-month, max(1, Q / 17.504688M) = 1 replica
  //     for every Q up to 9M: 2,000.859163 + 12 × (1,460 + 9,166.667) = $129,520.86 at the point and
  //     at the p90 — dearer at the point, cheaper at the p90.
  const PlanResult point = search_plan(doc, catalog, {});
  REQUIRE(point.best);
  CHECK(point.best->horizon_total_usd == Approx(122512.859163).epsilon(1e-9));
  const auto args = plan_set_arguments(*point.best);
  CHECK(std::find(args.begin(), args.end(), "hosting.price_basis=reserved_1y") != args.end());

  PlanObjective objective;
  objective.kind = PlanObjectiveKind::p90;
  objective.samples = 2000;
  const PlanResult p90 = search_plan(doc, catalog, {}, objective);
  REQUIRE(p90.best);
  REQUIRE(p90.best->p90_horizon_total_usd);
  CHECK(*p90.best->p90_horizon_total_usd == Approx(129520.859163).epsilon(1e-9));
  CHECK(p90.best->horizon_total_usd == Approx(129520.859163).epsilon(1e-9));
  const auto p90_args = plan_set_arguments(*p90.best);
  CHECK(std::find(p90_args.begin(), p90_args.end(), "hosting.autoscaling=true") != p90_args.end());
  CHECK(std::find(p90_args.begin(), p90_args.end(), "hosting.price_basis=reserved_1y") == p90_args.end());
  // The point optimum is a finalist too (it heads the frontier), at its p90 of two replicas.
  REQUIRE_FALSE(p90.frontier_latency.empty());
  REQUIRE(p90.frontier_latency.front().p90_horizon_total_usd);
  CHECK(*p90.frontier_latency.front().p90_horizon_total_usd == Approx(133024.859163).epsilon(1e-9));
}
