// The plan's numeric route against `estimate --set`, candidate by candidate: random training and
// serving choices from the shipped catalog, each priced by CandidatePricer's numeric route (the
// models' line tables on a working copy of the scenario) and by the scenario `--set` writes for it
// (apply_overrides and build_report). The plan's total sums the same lines in the same order, so it
// is equal to the last bit, and the sides' horizon costs add up to it but for rounding.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "ftcost/catalog/load.hpp"
#include "ftcost/plan/pricer.hpp"
#include "ftcost/util/error.hpp"

using namespace ftcost;

namespace {

const std::string source_dir = FTCOST_SOURCE_DIR;

// The catalog price `--set section.gpu/provider/price_basis` picks for a GPU price entry.
GpuOffer offer_of(const Catalog& catalog, const GpuPrice& entry) {
  const GpuPrice* chosen = choose_gpu_price(catalog, entry.gpu, entry.provider, entry.basis).price;
  REQUIRE(chosen);
  return {catalog.find_gpu(entry.gpu), chosen->provider, chosen->basis, chosen->usd_per_gpu_hour};
}

template <class T>
const T& any_of(const std::vector<T>& from, std::mt19937_64& random) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
}

}  // namespace

TEST_CASE("plan: random candidates' numeric totals are estimate --set's to the last bit", "[plan]") {
  const Catalog& catalog = shipped_catalog();
  std::vector<GpuPrice> on_demand_or_spot;
  for (const auto& price : catalog.gpu_prices) {
    if (price.basis == "on_demand" || price.basis == "spot") on_demand_or_spot.push_back(price);
  }
  const std::vector<int> counts = {1, 2, 4, 8};
  const std::vector<Precision> training_precisions = {Precision::bf16, Precision::fp16};
  const std::vector<Precision> serving_precisions = {Precision::fp16, Precision::bf16, Precision::int8};
  std::mt19937_64 random(14);
  for (const char* example :
       {"support-assistant-8b-lora.yaml", "product-qa-high-volume.yaml", "low-volume-internal-tool.yaml"}) {
    INFO(example);
    const Document doc = load_document(source_dir + "/examples/" + example);
    CandidatePricer pricer(doc, catalog, {});
    const TrainingMethod method = pricer.base().training.method;
    int compared = 0;
    for (int round = 0; round < 150 && compared < 25; ++round) {
      const GpuPrice& t_entry = any_of(on_demand_or_spot, random);
      const GpuPrice& s_entry = any_of(on_demand_or_spot, random);
      TrainingChoice t;
      t.offer = offer_of(catalog, t_entry);
      t.gpus = any_of(counts, random);
      t.precision = any_of(training_precisions, random);
      t.method = method;
      ServingChoice s;
      s.offer = offer_of(catalog, s_entry);
      s.gpus_per_replica = any_of(counts, random);
      s.precision = any_of(serving_precisions, random);
      s.autoscaling = std::uniform_int_distribution<int>(0, 1)(random) == 1;
      if (!t.offer.gpu->peak_tflops(t.precision)) continue;
      if (!s.offer.gpu->peak_tflops(serving_compute_precision(s.precision, *s.offer.gpu))) continue;
      const TrainingNumbers training = pricer.training(t);
      const ServingNumbers serving = pricer.serving(s, method);
      if (!training.fits || !serving.fits || !serving.meets_latency) continue;
      const std::vector<PlanChange> set = {
          {"training.gpu", t.offer.gpu->id, "", true},
          {"training.provider", t.offer.provider, "", true},
          {"training.price_basis", t.offer.basis, "", true},
          {"training.gpus", std::to_string(t.gpus), "", true},
          {"training.precision", to_string(t.precision), "", true},
          {"hosting.gpu", s.offer.gpu->id, "", true},
          {"hosting.provider", s.offer.provider, "", true},
          {"hosting.price_basis", s.offer.basis, "", true},
          {"hosting.gpus_per_replica", std::to_string(s.gpus_per_replica), "", true},
          {"hosting.precision", to_string(s.precision), "", true},
          {"hosting.autoscaling", s.autoscaling ? "true" : "false", "", true},
      };
      std::string args;
      for (const auto& change : set) args += change.path + "=" + change.value + " ";
      INFO("--set " << args);
      PlanCandidate exact;
      // The numeric route found the candidate feasible: `estimate --set` must price it too.
      REQUIRE_NOTHROW(exact = pricer.exact(set));
      CHECK(pricer.horizon_total(training, serving) == exact.horizon_total_usd);
      CHECK(pricer.data_horizon_usd() + training.horizon_usd + serving.horizon_usd ==
            Approx(exact.horizon_total_usd).epsilon(1e-12));
      CHECK(training.wall_hours == exact.training_wall_hours);
      CHECK(serving.ms_per_output_token == exact.ms_per_output_token);
      ++compared;
    }
    CHECK(compared >= 10);  // enough candidates were feasible for the comparison to mean something
  }
}
