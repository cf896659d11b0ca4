#pragma once
// Data preparation: collection, cleaning, annotation, review, synthetic generation, pipeline
// engineering and periodic refresh. Pure: plan in, cost lines out.
#include "ftcost/models/cost_line.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

ModelResult estimate_data_prep(const DataPlan& plan);

// The quantities and costs of a data plan without any text: shared by estimate_data_prep and the
// numeric fast path of Monte Carlo.
struct DataPrepCore {
  double examples = 0;  // collected + synthetic
  double cleaning_hours = 0;
  double labels = 0;
  double annotation_hours = 0;
  double review_hours = 0;
  double synthetic_input_mtokens = 0;
  double synthetic_output_mtokens = 0;
  double refresh_sets_per_month = 0;  // share of the data set redone each month
  double per_dataset_usd = 0;         // every one-time cost but the pipeline build
};
DataPrepCore data_prep_core(const DataPlan& plan);

// The data lines of a plan, priced: estimate_data_prep describes them, the fast path sums them.
// A line is listed when both its quantity and its unit price are above zero.
using DataPrepLines = LineTable<8>;
DataPrepLines data_prep_lines(const DataPlan& plan, const DataPrepCore& core);

}  // namespace ftcost
