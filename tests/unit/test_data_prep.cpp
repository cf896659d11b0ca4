#include <catch2/catch.hpp>

#include "ftcost/models/data_prep.hpp"

using namespace ftcost;

namespace {

const CostLine& line(const ModelResult& result, const std::string& item) {
  for (const auto& l : result.lines) {
    if (l.item == item) return l;
  }
  FAIL("no line " << item);
  throw;
}

DataPlan hand_worked_plan() {
  DataPlan plan;
  plan.examples = 10000;
  plan.tokens_per_example = 800;
  plan.collection_per_example = {0.10, {"scenario", "", ""}};
  plan.cleaning_hours_per_1k = 2;
  plan.cleaning_rate = {50, {}};
  plan.annotation_share = 0.3;
  plan.minutes_per_label = 2;
  plan.annotation_rate = {30, {}};
  plan.review_share = 0.1;
  plan.review_minutes_per_label = 1;
  plan.review_rate = {40, {}};
  plan.synthetic.examples = 1000;
  plan.synthetic.api.id = "test-api";
  plan.synthetic.api.usd_per_1m_input = 0.15;
  plan.synthetic.api.usd_per_1m_output = 0.60;
  plan.synthetic.input_tokens_per_example = 500;
  plan.synthetic.output_tokens_per_example = 600;
  plan.pipeline_hours = 40;
  plan.engineering_rate = {80, {}};
  plan.refresh_every_months = 6;
  plan.refresh_share = 0.2;
  return plan;
}

}  // namespace

TEST_CASE("data preparation: a hand-worked plan", "[data_prep]") {
  const ModelResult result = estimate_data_prep(hand_worked_plan());
  // 10,000 collected examples × $0.10 = $1,000 (synthetic examples are not licensed)
  CHECK(line(result, "collection").amount() == Approx(1000));
  // 11,000 examples (10k + 1k synthetic) / 1,000 × 2 h = 22 h × $50 = $1,100
  CHECK(line(result, "cleaning").quantity == Approx(22));
  CHECK(line(result, "cleaning").amount() == Approx(1100));
  // 11,000 × 30% = 3,300 labels × 2 min / 60 = 110 h × $30 = $3,300
  CHECK(line(result, "annotation").quantity == Approx(110));
  CHECK(line(result, "annotation").amount() == Approx(3300));
  // 3,300 labels × 10% × 1 min / 60 = 5.5 h × $40 = $220
  CHECK(line(result, "review").amount() == Approx(220));
  // 1,000 × 500 tokens = 0.5M × $0.15 = $0.075; 1,000 × 600 = 0.6M × $0.60 = $0.36
  CHECK(line(result, "synthetic-input").amount() == Approx(0.075));
  CHECK(line(result, "synthetic-output").amount() == Approx(0.36));
  // 40 h × $80 = $3,200
  CHECK(line(result, "pipeline-engineering").amount() == Approx(3200));
  // One-time: 1,000 + 1,100 + 3,300 + 220 + 0.075 + 0.36 + 3,200 = 8,820.435
  CHECK(result.one_time() == Approx(8820.435));
  // Refresh: 20% of the per-example work (8,820.435 − 3,200 = 5,620.435) every 6 months
  //   = 5,620.435 × 0.2 / 6 = 187.3478 per month
  CHECK(line(result, "refresh").recurrence == Recurrence::monthly);
  CHECK(result.monthly() == Approx(187.3478).epsilon(1e-6));
}

TEST_CASE("data preparation: zero-cost steps produce no lines", "[data_prep]") {
  DataPlan plan;
  plan.examples = 5000;
  plan.tokens_per_example = 100;
  const ModelResult result = estimate_data_prep(plan);
  CHECK(result.lines.empty());
  CHECK(result.one_time() == 0);
}
