#include "ftcost/models/alternatives.hpp"

#include <fmt/format.h>

#include "ftcost/models/units.hpp"
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

AlternativeResult estimate_api(const ApiAlternative& alt, const HostingPlan& traffic) {
  AlternativeResult result;
  const double q = traffic.queries_per_month;
  const ApiCore core = api_core(alt, traffic);
  const double cached_price = core.cached_price;
  const double cached_tokens = core.cached_tokens;
  const double fresh_tokens = core.fresh_tokens;
  result.cost_per_query = core.cost_per_query;
  auto& lines = result.model.lines;
  lines.reserve(4);
  auto per_query_line = [&](std::string item, std::string label, double tokens, double price, const char* which,
                            Formula formula) {
    if (tokens <= 0) return;
    lines.push_back({.stage = "api",
                     .item = std::move(item),
                     .label = std::move(label),
                     .quantity = q * tokens / units::tokens_per_million,
                     .unit = "1M tokens",
                     .unit_price = price,
                     .price = ref_of(alt.api.id, alt.api.source, which),
                     .recurrence = Recurrence::monthly,
                     .formula = std::move(formula)});
  };
  per_query_line("input-tokens", "API input tokens", fresh_tokens, alt.api.usd_per_1m_input, "input",
                 lazy_format("{} queries × ({:g} prompt + {:g} uncached few-shot tokens)", ShortQuantity{q},
                             traffic.input_tokens, alt.few_shot_tokens - cached_tokens));
  per_query_line("cached-input-tokens", "API cached input tokens", cached_tokens, cached_price, "cached_input",
                 lazy_format("{} queries × {:g} cached few-shot tokens", ShortQuantity{q}, cached_tokens));
  per_query_line("output-tokens", "API output tokens", traffic.output_tokens, alt.api.usd_per_1m_output, "output",
                 lazy_format("{} queries × {:g} output tokens", ShortQuantity{q}, traffic.output_tokens));
  if (alt.prompt_engineering_hours > 0) {
    lines.push_back(
        {.stage = "api",
         .item = "prompt-engineering",
         .label = "Prompt engineering",
         .quantity = alt.prompt_engineering_hours,
         .unit = "hour",
         .unit_price = alt.engineering_rate.usd_per_hour,
         .price = alt.engineering_rate.ref,
         .recurrence = Recurrence::one_time,
         .formula = lazy_format("{:g} hours to write and evaluate the few-shot prompt", alt.prompt_engineering_hours)});
  }
  return result;
}

ManagedFinetuneCore managed_finetune_core(const FinetuneAlternative& alt, const DataPlan& data,
                                          const HostingPlan& traffic, double retrain_every_months) {
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
  if (offer.hosting_usd_per_hour && *offer.hosting_usd_per_hour > 0) {
    core.hosting_fee_monthly = units::hours_per_month * *offer.hosting_usd_per_hour;
  }
  if (retrain_every_months > 0)
    core.retraining_monthly = core.training_mtokens / retrain_every_months * core.train_price;
  core.fixed_monthly = core.hosting_fee_monthly + core.retraining_monthly;
  return core;
}

AlternativeResult estimate_managed_finetune(const FinetuneAlternative& alt, const DataPlan& data,
                                            const HostingPlan& traffic, double retrain_every_months) {
  AlternativeResult result;
  const FinetunePrice& offer = alt.offer;
  const double q = traffic.queries_per_month;
  auto& lines = result.model.lines;
  lines.reserve(6);
  const ManagedFinetuneCore core = managed_finetune_core(alt, data, traffic, retrain_every_months);
  const double training_mtokens = core.training_mtokens;
  const double train_price = core.train_price;
  result.cost_per_query = core.cost_per_query;
  result.fixed_monthly = core.fixed_monthly;
  const Formula training_formula =
      lazy_format("{} examples × {:g} tokens × {:g} epochs × {:g} runs", ShortQuantity{data.total_examples()},
                  data.tokens_per_example, alt.epochs, alt.trials);
  lines.push_back({.stage = "managed-finetune",
                   .item = "training-tokens",
                   .label = "Vendor fine-tuning",
                   .quantity = training_mtokens,
                   .unit = "1M training tokens",
                   .unit_price = train_price,
                   .price = ref_of(offer.id, offer.source, "training"),
                   .recurrence = Recurrence::one_time,
                   .formula = training_formula});
  if (alt.engineering_hours > 0) {
    lines.push_back({.stage = "managed-finetune",
                     .item = "engineering",
                     .label = "Fine-tuning engineering",
                     .quantity = alt.engineering_hours,
                     .unit = "hour",
                     .unit_price = alt.engineering_rate.usd_per_hour,
                     .price = alt.engineering_rate.ref,
                     .recurrence = Recurrence::one_time,
                     .formula = lazy_format("{:g} hours", alt.engineering_hours)});
  }
  if (retrain_every_months > 0) {
    lines.push_back({.stage = "managed-finetune",
                     .item = "retraining",
                     .label = "Re-training (amortised)",
                     .quantity = training_mtokens / retrain_every_months,
                     .unit = "1M training tokens",
                     .unit_price = train_price,
                     .price = ref_of(offer.id, offer.source, "training"),
                     .recurrence = Recurrence::monthly,
                     .formula = lazy_format("({}) every {:g} months", training_formula, retrain_every_months)});
  }
  const double in_price = core.in_price;
  const double out_price = core.out_price;
  lines.push_back({.stage = "managed-finetune",
                   .item = "input-tokens",
                   .label = "Fine-tuned model input tokens",
                   .quantity = q * traffic.input_tokens / units::tokens_per_million,
                   .unit = "1M tokens",
                   .unit_price = in_price,
                   .price = ref_of(offer.id, offer.source, "input"),
                   .recurrence = Recurrence::monthly,
                   .formula = lazy_format("{} queries × {:g} input tokens (no few-shot prefix needed)",
                                          ShortQuantity{q}, traffic.input_tokens)});
  lines.push_back({.stage = "managed-finetune",
                   .item = "output-tokens",
                   .label = "Fine-tuned model output tokens",
                   .quantity = q * traffic.output_tokens / units::tokens_per_million,
                   .unit = "1M tokens",
                   .unit_price = out_price,
                   .price = ref_of(offer.id, offer.source, "output"),
                   .recurrence = Recurrence::monthly,
                   .formula = lazy_format("{} queries × {:g} output tokens", ShortQuantity{q}, traffic.output_tokens)});
  if (offer.hosting_usd_per_hour && *offer.hosting_usd_per_hour > 0) {
    lines.push_back({.stage = "managed-finetune",
                     .item = "hosting-fee",
                     .label = "Fine-tuned deployment hosting fee",
                     .quantity = units::hours_per_month,
                     .unit = "hour",
                     .unit_price = *offer.hosting_usd_per_hour,
                     .price = ref_of(offer.id, offer.source, "hosting"),
                     .recurrence = Recurrence::monthly,
                     .formula = "deployed 730 h a month"});
  }
  return result;
}

}  // namespace ftcost
