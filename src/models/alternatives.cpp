#include "ftcost/models/alternatives.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ftcost/models/units.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

PriceRef ref_of(const std::string& id, const Source& source, const char* which) {
  return {id + ":" + which, source.text, source.as_of};
}

}  // namespace

ApiCore api_core(const ApiAlternative& alt, const HostingPlan& traffic) {
  ApiCore core;
  core.cached_price = alt.api.usd_per_1m_cached_input.value_or(alt.api.usd_per_1m_input);
  core.cached_tokens = alt.few_shot_tokens * alt.cached_share;
  core.fresh_tokens = traffic.input_tokens + alt.few_shot_tokens - core.cached_tokens;
  for (const auto& [tokens, price] :
       {std::pair{core.fresh_tokens, alt.api.usd_per_1m_input}, std::pair{core.cached_tokens, core.cached_price},
        std::pair{traffic.output_tokens, alt.api.usd_per_1m_output}}) {
    if (tokens > 0) core.cost_per_query += tokens * price / units::tokens_per_million;
  }
  core.one_time = alt.prompt_engineering_hours * alt.engineering_rate.usd_per_hour;
  return core;
}

ApiLines api_lines(const ApiAlternative& alt, const HostingPlan& traffic, const ApiCore& core) {
  ApiLines lines;
  const double q = traffic.queries_per_month;
  auto per_query = [&](LineKind kind, double tokens, double price) {
    if (tokens > 0) lines.add(kind, q * tokens / units::tokens_per_million, price);
  };
  per_query(LineKind::api_input_tokens, core.fresh_tokens, alt.api.usd_per_1m_input);
  per_query(LineKind::api_cached_input_tokens, core.cached_tokens, core.cached_price);
  per_query(LineKind::api_output_tokens, traffic.output_tokens, alt.api.usd_per_1m_output);
  if (alt.prompt_engineering_hours > 0) {
    lines.add(LineKind::api_prompt_engineering, alt.prompt_engineering_hours, alt.engineering_rate.usd_per_hour);
  }
  return lines;
}

namespace {

// Where an API line's price comes from and how its quantity was worked out.
void describe(CostLine& line, const ApiAlternative& alt, const HostingPlan& traffic, const ApiCore& core) {
  const double q = traffic.queries_per_month;
  switch (line.kind) {
    case LineKind::api_input_tokens:
      line.price = ref_of(alt.api.id, alt.api.source, "input");
      line.formula = lazy_format("{} queries × ({:g} prompt + {:g} uncached few-shot tokens)", ShortQuantity{q},
                                 traffic.input_tokens, alt.few_shot_tokens - core.cached_tokens);
      return;
    case LineKind::api_cached_input_tokens:
      line.price = ref_of(alt.api.id, alt.api.source, "cached_input");
      line.formula = lazy_format("{} queries × {:g} cached few-shot tokens", ShortQuantity{q}, core.cached_tokens);
      return;
    case LineKind::api_output_tokens:
      line.price = ref_of(alt.api.id, alt.api.source, "output");
      line.formula = lazy_format("{} queries × {:g} output tokens", ShortQuantity{q}, traffic.output_tokens);
      return;
    case LineKind::api_prompt_engineering:
      line.price = alt.engineering_rate.ref;
      line.formula = lazy_format("{:g} hours to write and evaluate the few-shot prompt", alt.prompt_engineering_hours);
      return;
    default:
      return;  // not an API line
  }
}

}  // namespace

AlternativeResult estimate_api(const ApiAlternative& alt, const HostingPlan& traffic) {
  AlternativeResult result;
  const ApiCore core = api_core(alt, traffic);
  result.cost_per_query = core.cost_per_query;
  const ApiLines priced = api_lines(alt, traffic, core);
  result.model.lines.reserve(priced.size());
  for (const PricedLine& line : priced) describe(result.model.lines.emplace_back(line), alt, traffic, core);
  return result;
}

HostingPlan dedicated_deployment(const FinetuneAlternative& alt, const HostingPlan& traffic) {
  HostingPlan plan = traffic;
  plan.gpu = *alt.deployment_gpu;
  plan.assumptions = alt.deployment_assumptions;
  plan.precision = alt.deployment_precision;
  plan.autoscaling = alt.deployment_autoscaling;
  plan.gpus_per_replica.reset();
  plan.gpu_hour = {alt.offer.hosting_usd_per_hour.value_or(0.0), PriceRef{}};
  plan.engine.clear();  // the vendor's engine: not stated
  // The availability the scenario asks of its own fleet (min_replicas: 2 to survive a failure) is
  // asked of the vendor's deployment too, one replica at least: the same service either way.
  plan.min_replicas = std::max(1.0, traffic.min_replicas);
  plan.cold_start_s.reset();
  plan.min_billed_s.reset();
  plan.adapters = 1;  // one merged fine-tune per deployment
  plan.monitoring_per_month = {};
  plan.ops_fte = 0;
  return plan;
}

ReplicaSizing size_deployment(const FinetuneAlternative& alt, const HostingPlan& deployment, const ModelSpec& model) {
  try {
    return size_replica(deployment, model);
  } catch (const InputError& error) {
    // The vendor's deployment cannot serve what the scenario asks (a latency target its GPU misses):
    // say so of the managed fine-tune, not of the self-hosted plan the hosting field belongs to.
    throw InputError({}, alt.field,
                     fmt::format("{}'s dedicated deployment on {}: {}: {}", alt.offer.id, alt.deployment_gpu->id,
                                 error.field(), error.problem()),
                     "write `hosting_units:` in this entry to price a fixed deployment instead, or relax that field");
  }
}

ManagedFinetuneCore managed_finetune_core(const FinetuneAlternative& alt, const DataPlan& data,
                                          const HostingPlan& traffic, const ModelSpec& model,
                                          double retrain_every_months, const ReplicaSizing* deployment_sizing) {
  ManagedFinetuneCore core;
  const FinetunePrice& offer = alt.offer;
  core.training_mtokens =
      data.total_examples() * data.tokens_per_example * alt.epochs * alt.trials / units::tokens_per_million;
  core.train_price = offer.usd_per_1m_training_tokens.value_or(0.0);
  core.in_price = offer.usd_per_1m_input.value_or(0.0);
  core.out_price = offer.usd_per_1m_output.value_or(0.0);
  core.cost_per_query =
      (traffic.input_tokens * core.in_price + traffic.output_tokens * core.out_price) / units::tokens_per_million;
  core.one_time = core.training_mtokens * core.train_price + alt.engineering_hours * alt.engineering_rate.usd_per_hour;
  if (retrain_every_months > 0)
    core.retraining_monthly = core.training_mtokens / retrain_every_months * core.train_price;
  core.fixed_monthly = core.retraining_monthly;
  if (alt.deployment_gpu) {
    const HostingPlan plan = dedicated_deployment(alt, traffic);
    core.deployment = hosting_core(plan, deployment_sizing ? *deployment_sizing : size_deployment(alt, plan, model));
    core.hosting_fee_monthly = core.deployment->curve.monthly(traffic.queries_per_month);
  } else if (offer.hosting_usd_per_hour && *offer.hosting_usd_per_hour > 0) {
    core.hosting_fee_monthly = alt.hosting_units * units::hours_per_month * *offer.hosting_usd_per_hour;
    core.fixed_monthly += core.hosting_fee_monthly;
  }
  return core;
}

ManagedFinetuneLines managed_finetune_lines(const FinetuneAlternative& alt, const HostingPlan& traffic,
                                            double retrain_every_months, const ManagedFinetuneCore& core) {
  ManagedFinetuneLines lines;
  const double q = traffic.queries_per_month;
  lines.add(LineKind::finetune_training_tokens, core.training_mtokens, core.train_price);
  if (alt.engineering_hours > 0) {
    lines.add(LineKind::finetune_engineering, alt.engineering_hours, alt.engineering_rate.usd_per_hour);
  }
  if (retrain_every_months > 0) {
    lines.add(LineKind::finetune_retraining, core.training_mtokens / retrain_every_months, core.train_price);
  }
  // A deployment billed by the hour and not by the token (in and out both $0) has no token lines.
  const bool billed_by_tokens = core.in_price > 0 || core.out_price > 0 || core.hosting_fee_monthly == 0;
  if (billed_by_tokens) {
    lines.add(LineKind::finetune_input_tokens, q * traffic.input_tokens / units::tokens_per_million, core.in_price);
    lines.add(LineKind::finetune_output_tokens, q * traffic.output_tokens / units::tokens_per_million, core.out_price);
  }
  if (core.deployment) {
    // Priced as the self-hosted fleet's GPU line is, under the managed fine-tune's kind.
    const PricedLine gpus =
        serving_gpus_line(core.deployment->replicas, core.deployment->gpus, *alt.offer.hosting_usd_per_hour);
    lines.add(LineKind::finetune_hosting_fee, gpus.quantity, gpus.unit_price);
  } else if (core.hosting_fee_monthly > 0) {
    lines.add(LineKind::finetune_hosting_fee, alt.hosting_units * units::hours_per_month,
              *alt.offer.hosting_usd_per_hour);
  }
  return lines;
}

namespace {

// Where a managed fine-tune's line price comes from and how its quantity was worked out.
void describe(CostLine& line, const FinetuneAlternative& alt, const DataPlan& data, const HostingPlan& traffic,
              double retrain_every_months, const ManagedFinetuneCore& core) {
  const FinetunePrice& offer = alt.offer;
  const double q = traffic.queries_per_month;
  auto training_formula = [&] {
    return lazy_format("{} examples × {:g} tokens × {:g} epochs × {:g} runs", ShortQuantity{data.total_examples()},
                       data.tokens_per_example, alt.epochs, alt.trials);
  };
  switch (line.kind) {
    case LineKind::finetune_training_tokens:
      line.price = ref_of(offer.id, offer.source, "training");
      line.formula = training_formula();
      return;
    case LineKind::finetune_engineering:
      line.price = alt.engineering_rate.ref;
      line.formula = lazy_format("{:g} hours", alt.engineering_hours);
      return;
    case LineKind::finetune_retraining:
      line.price = ref_of(offer.id, offer.source, "training");
      line.formula = lazy_format("({}) every {:g} months", training_formula(), retrain_every_months);
      return;
    case LineKind::finetune_input_tokens:
      line.price = ref_of(offer.id, offer.source, "input");
      line.formula = lazy_format("{} queries × {:g} input tokens (no few-shot prefix needed)", ShortQuantity{q},
                                 traffic.input_tokens);
      return;
    case LineKind::finetune_output_tokens:
      line.price = ref_of(offer.id, offer.source, "output");
      line.formula = lazy_format("{} queries × {:g} output tokens", ShortQuantity{q}, traffic.output_tokens);
      return;
    case LineKind::finetune_hosting_fee:
      line.price = ref_of(offer.id, offer.source, "hosting");
      if (core.deployment) {
        line.formula = lazy_format(
            "{:g} replicas × {} × {} × 730 h: a dedicated deployment sized by the hosting model "
            "({:.3g} requests/s a replica at {:g}% utilisation, the traffic × {:g} at peak)",
            core.deployment->replicas, core.deployment->gpus, alt.deployment_gpu->id,
            core.deployment->performance.requests_per_s, traffic.target_utilization * 100, traffic.peak_factor);
      } else {
        line.formula = alt.hosting_units == 1
                           ? std::string("deployed 730 h a month")
                           : lazy_format("{:g} units (hosting_units) × 730 h a month", alt.hosting_units);
      }
      return;
    default:
      return;  // not a managed fine-tune line
  }
}

}  // namespace

AlternativeResult estimate_managed_finetune(const FinetuneAlternative& alt, const DataPlan& data,
                                            const HostingPlan& traffic, const ModelSpec& model,
                                            double retrain_every_months, std::optional<HostingCurve>* deployment) {
  AlternativeResult result;
  const ManagedFinetuneCore core = managed_finetune_core(alt, data, traffic, model, retrain_every_months);
  if (deployment && core.deployment) *deployment = core.deployment->curve;
  result.cost_per_query = core.cost_per_query;
  result.fixed_monthly = core.fixed_monthly;
  const ManagedFinetuneLines priced = managed_finetune_lines(alt, traffic, retrain_every_months, core);
  result.model.lines.reserve(priced.size());
  for (const PricedLine& line : priced) {
    describe(result.model.lines.emplace_back(line), alt, data, traffic, retrain_every_months, core);
  }
  return result;
}

}  // namespace ftcost
