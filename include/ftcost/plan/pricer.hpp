#pragma once
// The one seam through which `ftcost plan` prices a candidate. Today the exact route applies the
// candidate's overrides to the scenario's Document and loads it, exactly as `estimate --set` does;
// the numeric route changes the already-loaded scenario's structs the way the loader would and runs
// the models' numeric cores (tests hold the two equal). When the library can apply overrides to a
// loaded scenario (one resolution step), only this file's implementation changes.
#include <optional>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/plan/plan.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

// A GPU bought one way: the catalog price the loader picks for gpu + provider + basis.
struct GpuOffer {
  const GpuSpec* gpu = nullptr;
  std::string provider;
  std::string basis;
  double usd_per_gpu_hour = 0;
};

struct TrainingChoice {
  bool as_written = false;  // the scenario's own GPU and price (then `offer` is unused)
  GpuOffer offer;
  int gpus = 1;
  Precision precision = Precision::bf16;
  TrainingMethod method = TrainingMethod::lora;
};

struct ServingChoice {
  bool as_written = false;  // the scenario's own hosting GPU and price
  GpuOffer offer;
  Precision precision = Precision::fp16;
  int gpus_per_replica = 1;
  bool autoscaling = false;
};

// A side's numbers: its horizon cost and what the constraints read.
struct TrainingNumbers {
  bool fits = false;       // memory holds the run on this many GPUs
  double horizon_usd = 0;  // first round + engineering + re-training and storage over the horizon
  double wall_hours = 0;   // one run
};

struct ServingNumbers {
  bool fits = false;           // the weights and one sequence fit the replica
  bool meets_latency = false;  // the scenario's ms per output token and time to first token
  double horizon_usd = 0;      // replicas, monitoring and operations over the horizon
  double ms_per_output_token = 0;
  double time_to_first_token_ms = 0;
};

class CandidatePricer {
 public:
  // `doc` is the scenario with the user's overrides applied. Loads it (and once per training method
  // searched) exactly as `estimate` would; throws InputError when it does not load.
  CandidatePricer(const Document& doc, const Catalog& catalog, const std::vector<TrainingMethod>& methods);

  const Scenario& base() const { return bases_.front().scenario; }
  const Scenario* base_for(TrainingMethod method) const;
  // Data preparation over the horizon: the same for every candidate.
  double data_horizon_usd() const { return data_horizon_usd_; }
  bool hosting_inherits_training_price() const { return hosting_inherits_; }

  // The numeric route: the loaded scenario for the choice's method with the loader's derivations redone.
  TrainingNumbers training(const TrainingChoice& choice) const;
  ServingNumbers serving(const ServingChoice& choice, TrainingMethod method) const;

  // The exact route: the overrides applied to the Document and loaded and priced like `estimate --set`.
  PlanCandidate exact(const std::vector<PlanChange>& set) const;

 private:
  struct MethodBase {
    TrainingMethod method;
    Scenario scenario;
  };
  const Document& doc_;
  const Catalog& catalog_;
  std::vector<MethodBase> bases_;
  double data_horizon_usd_ = 0;
  bool hosting_inherits_ = false;
};

}  // namespace ftcost
