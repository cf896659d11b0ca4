#pragma once
// The options to compare against self-hosting: a managed API with a few-shot prompt, and a vendor's
// managed fine-tuning. Both are billed per token, so their monthly cost is linear in query volume.
#include "ftcost/models/cost_line.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

struct AlternativeResult {
  ModelResult model;
  double cost_per_query = 0;  // per-token charges of one query
  double fixed_monthly = 0;   // monthly charges that do not depend on volume
};

AlternativeResult estimate_api(const ApiAlternative& alt, const HostingPlan& traffic);

// Training for the vendor's fine-tune uses the scenario's data set; `retrain_every_months` is shared
// with the self-hosted plan.
AlternativeResult estimate_managed_finetune(const FinetuneAlternative& alt, const DataPlan& data,
                                            const HostingPlan& traffic, double retrain_every_months);

}  // namespace ftcost
