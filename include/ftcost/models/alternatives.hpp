#pragma once
// The options to compare against self-hosting: a managed API with a few-shot prompt, and a vendor's
// managed fine-tuning. Both are billed per token, so their monthly cost is linear in query volume.
#include <optional>

#include "ftcost/models/cost_line.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

struct AlternativeResult {
  ModelResult model;
  double cost_per_query = 0;  // per-token charges of one query
  double fixed_monthly = 0;   // monthly charges that do not depend on volume
};

AlternativeResult estimate_api(const ApiAlternative& alt, const HostingPlan& traffic);

// The numbers of each alternative without any text: shared by the estimate_* functions and the
// numeric fast path of Monte Carlo.
struct ApiCore {
  double cached_price = 0;  // USD per 1M cached input tokens
  double cached_tokens = 0;
  double fresh_tokens = 0;
  double cost_per_query = 0;
  double one_time = 0;  // prompt engineering
};
ApiCore api_core(const ApiAlternative& alt, const HostingPlan& traffic);
// An API's lines, priced: estimate_api describes them, the fast path sums them.
using ApiLines = LineTable<4>;
ApiLines api_lines(const ApiAlternative& alt, const HostingPlan& traffic, const ApiCore& core);

// The vendor's dedicated deployment of the fine-tuned model (an offer with a `hosting_gpu`): the
// scenario's traffic and latency target on the offer's GPU at its hourly price, one replica at
// least, no monitoring or staff of ours (the vendor runs it). Sized by the same hosting model as the
// self-hosted fleet.
HostingPlan dedicated_deployment(const FinetuneAlternative& alt, const HostingPlan& traffic);
// Its replica (`deployment` is dedicated_deployment's plan), sized; a deployment that cannot serve the
// scenario's traffic (a latency target its GPU misses) is an InputError of the managed fine-tune's entry.
ReplicaSizing size_deployment(const FinetuneAlternative& alt, const HostingPlan& deployment, const ModelSpec& model);

struct ManagedFinetuneCore {
  double training_mtokens = 0;
  double train_price = 0, in_price = 0, out_price = 0;  // USD per 1M tokens
  double cost_per_query = 0;
  double hosting_fee_monthly = 0;
  double retraining_monthly = 0;          // amortised
  double fixed_monthly = 0;               // re-training, and the hosting fee unless a deployment is sized
  double one_time = 0;                    // training tokens + engineering
  std::optional<HostingCore> deployment;  // a sized dedicated deployment; its curve prices other volumes
};
// `deployment_sizing`, when given, is the deployment's replica already sized (Monte Carlo's cache).
ManagedFinetuneCore managed_finetune_core(const FinetuneAlternative& alt, const DataPlan& data,
                                          const HostingPlan& traffic, const ModelSpec& model,
                                          double retrain_every_months,
                                          const ReplicaSizing* deployment_sizing = nullptr);
// A managed fine-tune's own lines (the data lines come from data_prep_lines), priced.
using ManagedFinetuneLines = LineTable<6>;
ManagedFinetuneLines managed_finetune_lines(const FinetuneAlternative& alt, const HostingPlan& traffic,
                                            double retrain_every_months, const ManagedFinetuneCore& core);

// Training for the vendor's fine-tune uses the scenario's data set; `retrain_every_months` is shared
// with the self-hosted plan.
// A sized deployment's curve comes back in `deployment`.
AlternativeResult estimate_managed_finetune(const FinetuneAlternative& alt, const DataPlan& data,
                                            const HostingPlan& traffic, const ModelSpec& model,
                                            double retrain_every_months,
                                            std::optional<HostingCurve>* deployment = nullptr);

}  // namespace ftcost
