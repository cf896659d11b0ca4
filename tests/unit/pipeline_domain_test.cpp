// Budgets, overrides and the starter scenario: domain code behind `ftcost check`, `--set` and `init`.
#include <catch2/catch.hpp>

#include "ftcost/catalog/load.hpp"
#include "ftcost/report/budget.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/override.hpp"
#include "ftcost/scenario/starter.hpp"

using namespace ftcost;

namespace {

CostLine line(LineKind kind, double quantity, double unit_price) { return CostLine({kind, quantity, unit_price}); }

// A 12-month report with hand-picked lines:
//   self-hosted: data 10 h × $50 = $500 once; training 100 GPU-h × $2 = $200 once;
//                checkpoint storage 10 GB × $1 = $10/month; serving 730 h × $1 = $730/month
//   api:x:       per-token $400/month
Report small_report() {
  Report report;
  report.horizon_months = 12;
  report.queries_per_month = 100000;
  OptionReport self;
  self.id = "self-hosted";
  self.label = "Self-hosted";
  self.lines = {line(LineKind::data_annotation, 10, 50), line(LineKind::training_compute, 100, 2),
                line(LineKind::training_checkpoint_storage, 10, 1), line(LineKind::serving_gpus, 730, 1)};
  self.totals = totals_of(self.lines, 12, 100000);
  OptionReport api;
  api.id = "api:x";
  api.label = "API x";
  api.kind = OptionKind::managed_api;
  api.lines = {line(LineKind::api_output_tokens, 100, 4)};
  api.totals = totals_of(api.lines, 12, 100000);
  report.options = {self, api};
  BreakEven be;
  be.against = "api:x";  // self-hosted costs more per month: never breaks even
  report.break_even = {be};
  report.cheapest_option = "api:x";
  return report;
}

}  // namespace

TEST_CASE("budget limits compare the self-hosted option's totals with each limit") {
  const Report report = small_report();
  // one-time 500 + 200 = 700; monthly 10 + 730 = 740; total 700 + 12 × 740 = 9,580
  REQUIRE(report.options[0].totals.horizon_total == Approx(9580));
  BudgetLimits limits;
  limits.max_total_usd = 9000;              // exceeded by 580
  limits.max_monthly_usd = 800;             // within
  limits.max_one_time_usd = 700;            // exactly at the limit: within
  limits.max_training_usd = 300;            // 200 + 12 × 10 = 320: exceeded by 20
  limits.max_cost_per_1k_queries_usd = 10;  // 9,580 / 1.2M queries × 1000 = 7.98: within
  const BudgetResult result = evaluate_budget(report, limits);
  REQUIRE(result.option == "self-hosted");
  REQUIRE(result.limits.size() == 5);
  CHECK(result.limits[0].limit == "max_total_usd");
  CHECK(result.limits[0].exceeded);
  CHECK(*result.limits[0].value == Approx(9580));
  CHECK(result.limits[0].overshoot == Approx(580));
  CHECK_FALSE(result.limits[1].exceeded);
  CHECK(result.limits[1].overshoot == 0);
  CHECK_FALSE(result.limits[2].exceeded);
  CHECK(result.limits[3].exceeded);
  CHECK(*result.limits[3].value == Approx(320));
  CHECK(result.limits[3].overshoot == Approx(20));
  CHECK_FALSE(result.limits[4].exceeded);
  CHECK(*result.limits[4].value == Approx(9580.0 / 1.2e6 * 1000));
  CHECK(result.breaches() == 2);
  CHECK(result.exceeded());
}

TEST_CASE("budget limits can name another option, and an unknown option is an input error") {
  const Report report = small_report();
  BudgetLimits limits;
  limits.option = "api:x";
  limits.max_total_usd = 5000;  // 12 × $400 = $4,800: within
  const BudgetResult result = evaluate_budget(report, limits);
  CHECK_FALSE(result.exceeded());
  CHECK(*result.limits[0].value == Approx(4800));

  limits.option = "api:y";
  limits.option_where = {"s.yaml", 40, 3};
  try {
    evaluate_budget(report, limits);
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(std::string(error.what()) ==
          "s.yaml:40:3: budget.option: no option 'api:y' in this estimate "
          "(use one of: self-hosted, api:x)");
  }
}

TEST_CASE("break-even requirement uses the latest payback and fails when one never happens") {
  Report report = small_report();
  BudgetLimits limits;
  limits.require_break_even_within_months = 6;
  BudgetResult never = evaluate_budget(report, limits);
  CHECK(never.limits[0].exceeded);
  CHECK_FALSE(never.limits[0].value);

  report.break_even[0].month = 4.5;
  BreakEven later;
  later.against = "api:z";
  later.month = 7.25;
  report.break_even.push_back(later);
  const BudgetResult late = evaluate_budget(report, limits);
  CHECK(late.limits[0].exceeded);
  CHECK(*late.limits[0].value == Approx(7.25));
  CHECK(late.limits[0].overshoot == Approx(1.25));  // 7.25 − 6
  limits.require_break_even_within_months = 8;
  CHECK_FALSE(evaluate_budget(report, limits).exceeded());
}

TEST_CASE("overrides edit the document and point errors at the flag") {
  Document doc =
      parse_document("hosting:\n  queries_per_month: 1M\nalternatives:\n  managed_api:\n    - model: a\n", "s.yaml");
  apply_override(doc, parse_override("hosting.queries_per_month=3M"));
  CHECK(doc.root["hosting"]["queries_per_month"] == "3M");  // text, read by the quantity parser like the file
  CHECK(doc.locate("/hosting/queries_per_month").file == "--set hosting.queries_per_month=3M");
  CHECK(doc.locate("/hosting").line == 1);  // the rest of the file keeps its positions

  apply_override(doc, parse_override("alternatives.managed_api[0].few_shot_tokens=500"));
  CHECK(doc.root["alternatives"]["managed_api"][0]["few_shot_tokens"] == 500);
  apply_override(doc, parse_override("budget.max_total_usd=250k"));  // a missing section is created
  CHECK(doc.root["budget"]["max_total_usd"] == "250k");
  CHECK(override_pointer(parse_override("a.b.0.c=1")) == "/a/b/0/c");

  CHECK_THROWS_WITH(apply_override(doc, parse_override("alternatives.managed_api[3].label=x")),
                    Catch::Contains("'3' is not an item of this list (1 items)"));
  CHECK_THROWS_WITH(apply_override(doc, parse_override("hosting.queries_per_month.x=1")),
                    Catch::Contains("is a plain value"));
  // A GPU's catalog name becomes the mapping that starts from it when one of its fields is set.
  apply_override(doc, parse_override("hosting.gpu=h100-sxm"));
  apply_override(doc, parse_override("hosting.gpu.power_limit_w=500"));
  CHECK(doc.root["hosting"]["gpu"] == nlohmann::json{{"name", "h100-sxm"}, {"power_limit_w", 500}});
  CHECK_THROWS_WITH(parse_override("hosting.queries_per_month"), Catch::Contains("expected path=value"));
  CHECK_THROWS_WITH(apply_override(doc, parse_override("hosting..x=1")), Catch::Contains("has an empty part"));
}

TEST_CASE("an override is checked by the loader like the file's own value") {
  const Catalog& catalog = shipped_catalog();
  Document doc = load_document(std::string(FTCOST_SOURCE_DIR) + "/examples/support-assistant-8b-lora.yaml");
  apply_override(doc, parse_override("hosting.queries_per_month=3M"));
  CHECK(load_scenario(doc, catalog).hosting.queries_per_month == 3e6);
  apply_override(doc, parse_override("hosting.queries_per_month=-5"));
  CHECK_THROWS_WITH(load_scenario(doc, catalog),
                    "--set hosting.queries_per_month=-5: hosting.queries_per_month: -5 is out of range: it must be at "
                    "least 0 (change the value)");
}

TEST_CASE("the budget section is read, and its fields are checked") {
  const Catalog& catalog = shipped_catalog();
  Document doc = load_document(std::string(FTCOST_SOURCE_DIR) + "/examples/support-assistant-8b-lora.yaml");
  apply_override(doc, parse_override("budget.max_total_usd=250k"));
  apply_override(doc, parse_override("budget.require_break_even_within_months=12"));
  const Scenario scenario = load_scenario(doc, catalog);
  CHECK(*scenario.budget.max_total_usd == 250000);
  CHECK(*scenario.budget.require_break_even_within_months == 12);
  CHECK_FALSE(scenario.budget.max_monthly_usd);
  CHECK(scenario.budget.option == "self-hosted");
  apply_override(doc, parse_override("budget.max_totl_usd=1"));
  CHECK_THROWS_WITH(
      load_scenario(doc, catalog),
      Catch::StartsWith(
          "--set budget.max_totl_usd=1: budget.max_totl_usd: unknown field (did you mean 'max_total_usd'"));
}

TEST_CASE("the starter scenario of `ftcost init` loads and estimates") {
  const Scenario scenario = load_scenario(parse_document(starter_scenario(), "starter.yaml"), shipped_catalog());
  CHECK(scenario.name == "My fine-tune");
  CHECK(scenario.hosting.queries_per_month == 500000);
  CHECK(scenario.apis.size() == 1);
  CHECK(scenario.finetunes.size() == 1);
  CHECK(scenario.budget.empty());  // the budget example is commented out
  const Report report = build_report(scenario);
  CHECK(report.options.size() == 3);
}

TEST_CASE("override values are YAML scalars, whatever they end with") {
  Document doc = parse_document("name: a\n", "s.yaml");
  apply_override(doc, parse_override("name=notes.json"));
  CHECK(doc.root["name"] == "notes.json");
  apply_override(doc, parse_override("name="));
  CHECK(doc.root["name"].is_null());  // cleared: the loader applies the default
  CHECK_THROWS_WITH(apply_override(doc, parse_override("name=[unclosed")),
                    Catch::StartsWith("--set name=[unclosed: name: invalid YAML"));
}
