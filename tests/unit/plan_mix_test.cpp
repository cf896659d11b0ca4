// `ftcost plan --mix`: a serving fleet of two GPU types, worked out by hand on the tiny catalog and
// checked against brute force over every pair of always-on serving configurations priced like
// `estimate --set`.
#include <catch2/catch.hpp>

#include <cmath>

#include "ftcost/catalog/load.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/plan/plan.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/override.hpp"

using namespace ftcost;

namespace {

const std::string fixtures = std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/plan/";

// The tiny plan catalog (shipped GPU prices dropped) plus wide-gpu and the reserved prices of
// mix-catalog.yaml.
Catalog mix_catalog() {
  Catalog catalog = shipped_catalog();
  catalog.gpu_prices.clear();
  merge_catalog(catalog, load_document(fixtures + "tiny-catalog.yaml"));
  merge_catalog(catalog, load_document(fixtures + "mix-catalog.yaml"));
  return catalog;
}

Document at_volume(const std::string& queries) {
  Document doc = load_document(fixtures + "tiny.yaml");
  apply_override(doc, {"hosting.queries_per_month", queries, "test"});
  return doc;
}

}  // namespace

TEST_CASE("plan --mix: two GPU types carry the peak for less than any one type (hand-worked)", "[plan][mix]") {
  const Catalog catalog = mix_catalog();
  const Document doc = at_volume("20M");
  // Data $2,000 + training on one fast-gpu $0.859163 (plan_test.cpp's hand-checked winner); monitoring
  // $500 + 0.5 FTE × 173.333 h × $100 = $9,166.67 a month for any fleet. The model's replicas in fp8
  // weights (the cheapest precision per query here), one GPU each, always on at peak factor 3 and
  // 70% utilisation:
  //   test-gpu reserved $0.60/h → $438 a replica-month, carries 7,177,719 queries a month;
  //   wide-gpu reserved $1.00/h → $730 a replica-month, twice the bandwidth: 14,355,438.
  //   (On demand, autoscaling on the average, one test-gpu replica at $1,460 is the floor.)
  // 20M queries a month:
  //   test-gpu alone: ceil(20 / 7.177719) = 3 replicas × $438 = $1,314 a month  ← the best single type
  //   wide-gpu alone: ceil(20 / 14.355438) = 2 × $730 = $1,460;  autoscaling: $1,460
  //   mixed: 1 test-gpu + 1 wide-gpu = 21,533,157 ≥ 20M for $438 + $730 = $1,168 a month.
  // Totals: single 2,000.859163 + 12 × (1,314 + 9,166.667) = $127,768.86;
  //         mixed  2,000.859163 + 12 × (1,168 + 9,166.667) = $126,016.86 (12 × $146 = $1,752 less).
  PlanConstraints c;
  const PlanResult single = search_plan(doc, catalog, c);
  REQUIRE(single.best);
  CHECK(single.best->mix.empty());
  CHECK(single.best->horizon_total_usd == Approx(127768.859163).epsilon(1e-9));
  CHECK(single.best->replicas == 3);

  c.mix = true;
  const PlanResult mixed = search_plan(doc, catalog, c);
  REQUIRE(mixed.best);
  REQUIRE(mixed.best->mix.size() == 2);
  CHECK(mixed.best->horizon_total_usd == Approx(126016.859163).epsilon(1e-9));
  const FleetPart& a = mixed.best->mix[0];
  const FleetPart& b = mixed.best->mix[1];
  CHECK(a.gpu == "test-gpu");
  CHECK(a.provider == "reservecloud");
  CHECK(a.price_basis == "reserved_1y");
  CHECK(a.precision == "fp8");
  CHECK(a.replicas == 1);
  CHECK(a.replica_monthly_usd == Approx(438));
  CHECK(a.queries_per_replica_month == Approx(7177719.0117).epsilon(1e-9));
  CHECK(b.gpu == "wide-gpu");
  CHECK(b.replicas == 1);
  CHECK(b.replica_monthly_usd == Approx(730));
  CHECK(b.queries_per_replica_month == Approx(2 * a.queries_per_replica_month).epsilon(1e-9));
  CHECK(a.replicas * a.queries_per_replica_month + b.replicas * b.queries_per_replica_month >= 20e6);
  // Each type meets the latency target (tiny.yaml: 100 ms per output token) on its own.
  CHECK(a.ms_per_output_token <= 100);
  CHECK(b.ms_per_output_token <= 100);
  CHECK(mixed.best->numeric_total_usd == mixed.best->horizon_total_usd);
}

TEST_CASE("plan --mix: the cheapest fleet agrees with brute force over every pair, and min_replicas holds",
          "[plan][mix]") {
  const Catalog catalog = mix_catalog();
  // Every always-on serving configuration the plan can buy, priced like `estimate --set`: replica
  // price and capacity. Then every pair of GPU types and replica counts up to 12 each.
  struct Type {
    std::string gpu;
    double monthly, capacity;
  };
  int mixes_chosen = 0;
  for (const char* volume : {"9M", "20M", "30M", "45M"}) {
    for (const char* min_replicas : {"1", "3"}) {
      INFO(volume << " min_replicas " << min_replicas);
      Document doc = at_volume(volume);
      apply_override(doc, {"hosting.min_replicas", min_replicas, "test"});
      std::vector<Type> types;
      for (const auto& price : catalog.gpu_prices) {
        for (const char* precision : {"fp16", "bf16", "fp8", "int8", "int4"}) {
          for (const char* degree : {"1", "2", "4", "8"}) {
            Document one = doc;
            apply_override(one, {"hosting.gpu", price.gpu, "test"});
            apply_override(one, {"hosting.provider", price.provider, "test"});
            apply_override(one, {"hosting.price_basis", price.basis, "test"});
            apply_override(one, {"hosting.precision", precision, "test"});
            apply_override(one, {"hosting.gpus_per_replica", degree, "test"});
            try {
              const Scenario s = load_scenario(one, catalog);
              const HostingCore core = hosting_core(s.hosting, s.model);
              types.push_back({price.gpu, core.curve.replica_monthly, core.curve.queries_per_replica_month});
            } catch (const InputError&) {
              // does not fit, or misses the latency target
            }
          }
        }
      }
      const double queries = load_scenario(doc, catalog).hosting.queries_per_month;
      const int floor = std::stoi(min_replicas);
      double cheapest_mix = std::numeric_limits<double>::infinity();
      for (const Type& x : types) {
        for (const Type& y : types) {
          if (x.gpu == y.gpu) continue;
          for (int nx = 1; nx <= 12; ++nx) {
            for (int ny = 1; ny <= 12; ++ny) {
              if (nx * x.capacity + ny * y.capacity < queries || nx + ny < floor) continue;
              cheapest_mix = std::min(cheapest_mix, nx * x.monthly + ny * y.monthly);
            }
          }
        }
      }
      PlanConstraints c;
      const PlanResult single = search_plan(doc, catalog, c);
      c.mix = true;
      const PlanResult mixed = search_plan(doc, catalog, c);
      REQUIRE(single.best);
      REQUIRE(mixed.best);
      // A mix is chosen exactly when brute force's cheapest mix beats the best single-type plan.
      const double mix_total = single.best->horizon_total_usd +
                               12 * (cheapest_mix - single.best->replicas * single.best->replica_monthly_usd);
      if (mix_total < single.best->horizon_total_usd - 0.005 && single.best->mix.empty()) {
        REQUIRE(mixed.best->mix.size() == 2);
        ++mixes_chosen;
        CHECK(mixed.best->horizon_total_usd == Approx(mix_total).epsilon(1e-9));
        int replicas = 0;
        for (const FleetPart& part : mixed.best->mix) replicas += part.replicas;
        CHECK(replicas >= floor);
      } else {
        CHECK(mixed.best->horizon_total_usd == Approx(single.best->horizon_total_usd).epsilon(1e-9));
      }
    }
  }
  CHECK(mixes_chosen >= 2);  // the volumes are not all ones where a single type wins
}
