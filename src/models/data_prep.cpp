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
  core.one_time_usd = core.per_dataset_usd + plan.pipeline_hours * plan.engineering_rate.usd_per_hour;
  if (plan.refresh_every_months > 0 && plan.refresh_share > 0) {
    core.refresh_sets_per_month = plan.refresh_share / plan.refresh_every_months;
  }
  core.monthly_usd = core.refresh_sets_per_month * core.per_dataset_usd;
  return core;
}

ModelResult estimate_data_prep(const DataPlan& plan) {
  ModelResult result;
  result.lines.reserve(8);
  result.derivations.reserve(2);
  const DataPrepCore core = data_prep_core(plan);
  const double examples = core.examples;
  auto add = [&](CostLine line) {
    if (line.quantity > 0 && line.unit_price > 0) result.lines.push_back(std::move(line));
  };

  add({.stage = "data",
       .item = "collection",
       .label = "Collection / licensing",
       .quantity = plan.examples,
       .unit = "example",
       .unit_price = plan.collection_per_example.usd,
       .price = plan.collection_per_example.ref,
       .formula = lazy_format("{} collected examples", ShortQuantity{plan.examples})});

  const double cleaning_hours = core.cleaning_hours;
  add({.stage = "data",
       .item = "cleaning",
       .label = "Cleaning and filtering",
       .quantity = cleaning_hours,
       .unit = "hour",
       .unit_price = plan.cleaning_rate.usd_per_hour,
       .price = plan.cleaning_rate.ref,
       .formula =
           lazy_format("{} examples / 1,000 × {:g} h per 1,000", ShortQuantity{examples}, plan.cleaning_hours_per_1k)});

  const double labels = core.labels;
  const double annotation_hours = core.annotation_hours;
  add({.stage = "data",
       .item = "annotation",
       .label = "Annotation",
       .quantity = annotation_hours,
       .unit = "hour",
       .unit_price = plan.annotation_rate.usd_per_hour,
       .price = plan.annotation_rate.ref,
       .formula = lazy_format("{} examples × {:g}% labelled × {:g} min per label / 60", ShortQuantity{examples},
                              plan.annotation_share * 100, plan.minutes_per_label)});

  const double review_hours = core.review_hours;
  add({.stage = "data",
       .item = "review",
       .label = "Annotation QA review",
       .quantity = review_hours,
       .unit = "hour",
       .unit_price = plan.review_rate.usd_per_hour,
       .price = plan.review_rate.ref,
       .formula = lazy_format("{} labels × {:g}% reviewed × {:g} min per review / 60", ShortQuantity{labels},
                              plan.review_share * 100, plan.review_minutes_per_label)});

  const SyntheticData& synthetic = plan.synthetic;
  add({.stage = "data",
       .item = "synthetic-input",
       .label = "Synthetic data: prompt tokens",
       .quantity = core.synthetic_input_mtokens,
       .unit = "1M tokens",
       .unit_price = synthetic.api.usd_per_1m_input,
       .price = api_ref(synthetic.api, "input"),
       .formula = lazy_format("{} synthetic examples × {:g} input tokens ({})", ShortQuantity{synthetic.examples},
                              synthetic.input_tokens_per_example, synthetic.api.id)});
  add({.stage = "data",
       .item = "synthetic-output",
       .label = "Synthetic data: generated tokens",
       .quantity = core.synthetic_output_mtokens,
       .unit = "1M tokens",
       .unit_price = synthetic.api.usd_per_1m_output,
       .price = api_ref(synthetic.api, "output"),
       .formula = lazy_format("{} synthetic examples × {:g} output tokens ({})", ShortQuantity{synthetic.examples},
                              synthetic.output_tokens_per_example, synthetic.api.id)});

  add({.stage = "data",
       .item = "pipeline-engineering",
       .label = "Data pipeline engineering",
       .quantity = plan.pipeline_hours,
       .unit = "hour",
       .unit_price = plan.engineering_rate.usd_per_hour,
       .price = plan.engineering_rate.ref,
       .formula = lazy_format("{:g} engineering hours", plan.pipeline_hours)});

  // A refresh redoes a share of the per-example work (everything but the pipeline build).
  const double per_dataset = core.per_dataset_usd;
  result.derivations.push_back({"data.examples_total", examples, "examples", "collected + synthetic examples"});
  result.derivations.push_back(
      {"data.variable_cost", per_dataset, "USD", "every data line except pipeline engineering"});
  if (core.refresh_sets_per_month > 0) {
    add({.stage = "data",
         .item = "refresh",
         .label = "Data refresh",
         .quantity = core.refresh_sets_per_month,
         .unit = "data set",
         .unit_price = per_dataset,
         .price = {"derived", "this scenario's per-example data cost", ""},
         .recurrence = Recurrence::monthly,
         .formula = lazy_format("{:g}% of the data set redone every {:g} months", plan.refresh_share * 100,
                                plan.refresh_every_months)});
  }
  return result;
}

}  // namespace ftcost
