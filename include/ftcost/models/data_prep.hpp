#pragma once
// Data preparation: collection, cleaning, annotation, review, synthetic generation, pipeline
// engineering and periodic refresh. Pure: plan in, cost lines out.
#include "ftcost/models/cost_line.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

ModelResult estimate_data_prep(const DataPlan& plan);

}  // namespace ftcost
