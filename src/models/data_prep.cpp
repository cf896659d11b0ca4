#include "ftcost/models/data_prep.hpp"

#include <fmt/format.h>

#include "ftcost/models/units.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

PriceRef api_ref(const ApiPrice& api, const char* which) {
  return {api.id + ":" + which, api.source.text, api.source.as_of};
}

}  // namespace

DataPrepCore data_prep_core(const DataPlan& plan) {
  DataPrepCore core;
  core.examples = plan.total_examples();
  core.cleaning_hours = core.examples / 1000.0 * plan.cleaning_hours_per_1k;
  core.labels = core.examples * plan.annotation_share;
  core.annotation_hours = core.labels * plan.minutes_per_label / units::minutes_per_hour;
  core.review_hours = core.labels * plan.review_share * plan.review_minutes_per_label / units::minutes_per_hour;
  const SyntheticData& synthetic = plan.synthetic;
  core.synthetic_input_mtokens = synthetic.examples * synthetic.input_tokens_per_example / units::tokens_per_million;
  core.synthetic_output_mtokens = synthetic.examples * synthetic.output_tokens_per_example / units::tokens_per_million;
  core.per_dataset_usd =
      plan.examples * plan.collection_per_example.usd + core.cleaning_hours * plan.cleaning_rate.usd_per_hour +
      core.annotation_hours * plan.annotation_rate.usd_per_hour + core.review_hours * plan.review_rate.usd_per_hour +
      core.synthetic_input_mtokens * synthetic.api.usd_per_1m_input +
      core.synthetic_output_mtokens * synthetic.api.usd_per_1m_output;
  if (plan.refresh_every_months > 0 && plan.refresh_share > 0) {
    core.refresh_sets_per_month = plan.refresh_share / plan.refresh_every_months;
  }
  return core;
}

DataPrepLines data_prep_lines(const DataPlan& plan, const DataPrepCore& core) {
  DataPrepLines lines;
  auto add = [&](LineKind kind, double quantity, double unit_price) {
    if (quantity > 0 && unit_price > 0) lines.add(kind, quantity, unit_price);
  };
  const SyntheticData& synthetic = plan.synthetic;
  add(LineKind::data_collection, plan.examples, plan.collection_per_example.usd);
  add(LineKind::data_cleaning, core.cleaning_hours, plan.cleaning_rate.usd_per_hour);
  add(LineKind::data_annotation, core.annotation_hours, plan.annotation_rate.usd_per_hour);
  add(LineKind::data_review, core.review_hours, plan.review_rate.usd_per_hour);
  add(LineKind::data_synthetic_input, core.synthetic_input_mtokens, synthetic.api.usd_per_1m_input);
  add(LineKind::data_synthetic_output, core.synthetic_output_mtokens, synthetic.api.usd_per_1m_output);
  add(LineKind::data_pipeline_engineering, plan.pipeline_hours, plan.engineering_rate.usd_per_hour);
  // A refresh redoes a share of the per-example work (everything but the pipeline build).
  add(LineKind::data_refresh, core.refresh_sets_per_month, core.per_dataset_usd);
  return lines;
}

namespace {

// Where a data line's price comes from and how its quantity was worked out.
void describe(CostLine& line, const DataPlan& plan, const DataPrepCore& core) {
  const SyntheticData& synthetic = plan.synthetic;
  switch (line.kind) {
    case LineKind::data_collection:
      line.price = plan.collection_per_example.ref;
      line.formula = lazy_format("{} collected examples", ShortQuantity{plan.examples});
      return;
    case LineKind::data_cleaning:
      line.price = plan.cleaning_rate.ref;
      line.formula = lazy_format("{} examples / 1,000 × {:g} h per 1,000", ShortQuantity{core.examples},
                                 plan.cleaning_hours_per_1k);
      return;
    case LineKind::data_annotation:
      line.price = plan.annotation_rate.ref;
      line.formula = lazy_format("{} examples × {:g}% labelled × {:g} min per label / 60", ShortQuantity{core.examples},
                                 plan.annotation_share * 100, plan.minutes_per_label);
      return;
    case LineKind::data_review:
      line.price = plan.review_rate.ref;
      line.formula = lazy_format("{} labels × {:g}% reviewed × {:g} min per review / 60", ShortQuantity{core.labels},
                                 plan.review_share * 100, plan.review_minutes_per_label);
      return;
    case LineKind::data_synthetic_input:
      line.price = api_ref(synthetic.api, "input");
      line.formula = lazy_format("{} synthetic examples × {:g} input tokens ({})", ShortQuantity{synthetic.examples},
                                 synthetic.input_tokens_per_example, synthetic.api.id);
      return;
    case LineKind::data_synthetic_output:
      line.price = api_ref(synthetic.api, "output");
      line.formula = lazy_format("{} synthetic examples × {:g} output tokens ({})", ShortQuantity{synthetic.examples},
                                 synthetic.output_tokens_per_example, synthetic.api.id);
      return;
    case LineKind::data_pipeline_engineering:
      line.price = plan.engineering_rate.ref;
      line.formula = lazy_format("{:g} engineering hours", plan.pipeline_hours);
      return;
    case LineKind::data_refresh:
      line.price = {"derived", "this scenario's per-example data cost", ""};
      line.formula = lazy_format("{:g}% of the data set redone every {:g} months", plan.refresh_share * 100,
                                 plan.refresh_every_months);
      return;
    default:
      return;  // not a data line
  }
}

}  // namespace

ModelResult estimate_data_prep(const DataPlan& plan) {
  ModelResult result;
  const DataPrepCore core = data_prep_core(plan);
  const DataPrepLines priced = data_prep_lines(plan, core);
  result.lines.reserve(priced.size());
  for (const PricedLine& line : priced) describe(result.lines.emplace_back(line), plan, core);
  result.derivations.reserve(2);
  result.derivations.push_back({"data.examples_total", core.examples, "examples", "collected + synthetic examples"});
  result.derivations.push_back(
      {"data.variable_cost", core.per_dataset_usd, "USD", "every data line except pipeline engineering"});
  return result;
}

}  // namespace ftcost
