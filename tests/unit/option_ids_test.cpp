// Option ids (issue #13, deliverable 3): unique and stable when two alternatives use the same model,
// labels in the table's column titles, and --budget-option that never silently picks one of several.
#include <catch2/catch.hpp>

#include <map>

#include "ftcost/catalog/load.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;
using pipeline_test::run_ftcost;

namespace {

const std::string fixture = "tests/fixtures/duplicate-options.yaml";

Scenario load_fixture() {
  return load_scenario_file(std::string(FTCOST_SOURCE_DIR) + "/" + fixture, shipped_catalog());
}

// Every option's horizon total, by id (100k queries/month, 12 months, no one-time cost):
//   short prompt  400 × $1/1M + 200 × $2/1M          = $0.0008/query → $80/month  → $960
//   long prompt   (400 + 1000) × $1/1M + 200 × $2/1M = $0.0018/query → $180/month → $2,160
//   custom/1      as the short prompt                                               → $960
//   custom/2      400 × $3/1M + 200 × $6/1M          = $0.0024/query → $240/month → $2,880
const std::map<std::string, double> api_totals = {{"api:gpt-4o-mini/short-prompt", 960},
                                                  {"api:gpt-4o-mini/long-prompt", 2160},
                                                  {"api:custom/1", 960},
                                                  {"api:custom/2", 2880}};

}  // namespace

TEST_CASE("slug keeps lower-case letters and digits, one dash between words") {
  CHECK(slug("Short prompt (v2)") == "short-prompt-v2");
  CHECK(slug("  --GPT 4o mini--  ") == "gpt-4o-mini");
  CHECK(slug("é!") == "");
  CHECK(slug(std::string(100, 'a')).size() == 40);
}

TEST_CASE("two alternatives of the same model get two ids: label slugs, else their place") {
  const Scenario scenario = load_fixture();
  CHECK(option_ids(scenario) == std::vector<std::string>{"self-hosted", "api:gpt-4o-mini/short-prompt",
                                                         "api:gpt-4o-mini/long-prompt", "api:custom/1",
                                                         "api:custom/2"});
  const Report report = build_report(scenario);
  REQUIRE(report.options.size() == 5);
  for (std::size_t i = 1; i < report.options.size(); ++i) {
    const OptionReport& option = report.options[i];
    INFO(option.id);
    REQUIRE(api_totals.count(option.id) == 1);
    CHECK(option.totals.horizon_total == Approx(api_totals.at(option.id)).epsilon(1e-12));
  }
  // The break-even list names each alternative once.
  REQUIRE(report.break_even.size() == 4);
  CHECK(report.break_even[3].against == "api:custom/2");
}

TEST_CASE("a unique model keeps its plain id, and a slug that is taken falls back to the place") {
  Scenario scenario;
  scenario.apis.resize(3);
  scenario.apis[0].api.id = "gpt-4.1";
  scenario.apis[1].api.id = "x";
  scenario.apis[1].label = "A";
  scenario.apis[2].api.id = "x";
  scenario.apis[2].label = "a!";  // same slug as "A"
  scenario.finetunes.resize(1);
  scenario.finetunes[0].offer.id = "ft";
  assign_option_ids(scenario);
  CHECK(option_ids(scenario) ==
        std::vector<std::string>{"self-hosted", "api:gpt-4.1", "api:x/a", "api:x/2", "finetune:ft"});
}

TEST_CASE("CSV rows of two same-model options sum to their own totals, not a merged one") {
  const auto run = run_ftcost("estimate " + fixture + " -f csv --max-price-age-days 36500");
  REQUIRE(run.exit_code == 0);
  std::map<std::string, double> sums;
  std::size_t start = run.out.find('\n') + 1;  // after the header
  while (start < run.out.size()) {
    const std::size_t end = run.out.find('\n', start);
    const std::string row = run.out.substr(start, end - start);
    start = end + 1;
    // option is the first field; horizon_total_usd the last (no field here holds a comma before it
    // that is not quoted, and the last field is a plain number).
    const std::string option = row.substr(0, row.find(','));
    sums[option] += std::stod(row.substr(row.rfind(',') + 1));
  }
  for (const auto& [id, total] : api_totals) {
    INFO(id);
    CHECK(sums[id] == Approx(total).epsilon(1e-9));
  }
}

TEST_CASE("budget option: an exact id checks that option, a shared or unknown id is an error listing ids") {
  // custom/1 costs $960 and custom/2 $2,880 over 12 months: a $2,000 limit passes one and fails the other.
  CHECK(run_ftcost("check " + fixture + " --max-total 2000 --budget-option api:custom/1").exit_code == 0);
  CHECK(run_ftcost("check " + fixture + " --max-total 2000 --budget-option api:custom/2").exit_code == 3);

  const auto ambiguous = run_ftcost("check " + fixture + " --max-total 2000 --budget-option api:custom");
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.out.empty());
  CHECK(ambiguous.err ==
        "ftcost: error: --budget-option api:custom: budget.option: 'api:custom' is ambiguous: 2 options use it "
        "(use one of: api:custom/1, api:custom/2)\n");

  const auto unknown = run_ftcost("validate " + fixture + " --set budget.option=api:gpt-4.1");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no option 'api:gpt-4.1' in this scenario (use one of: self-hosted, "
                         "api:gpt-4o-mini/short-prompt, api:gpt-4o-mini/long-prompt, api:custom/1, api:custom/2)") !=
        std::string::npos);
}

TEST_CASE("table columns are titled by the scenario's labels, or by the id's suffix") {
  const auto run = run_ftcost("estimate " + fixture + " --max-price-age-days 36500");
  REQUIRE(run.exit_code == 0);
  const std::string header = run.out.substr(0, run.out.find("One-time"));
  CHECK(header.find("Short prompt") != std::string::npos);
  CHECK(header.find("Long prompt") != std::string::npos);
  CHECK(header.find("custom/1") != std::string::npos);
  CHECK(header.find("custom/2") != std::string::npos);
}

TEST_CASE("chart --option resolves ids like --budget-option") {
  // The fixture has no ranges, so a valid option reaches the tornado's own "needs uncertain inputs";
  // an ambiguous one stops before, listing the ids.
  const auto ambiguous = run_ftcost("chart " + fixture + " --kind tornado --option api:gpt-4o-mini");
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.err ==
        "ftcost: error: --option: 'api:gpt-4o-mini' is ambiguous: 2 options use it (use one of: "
        "api:gpt-4o-mini/short-prompt, api:gpt-4o-mini/long-prompt)\n");
  const auto exact = run_ftcost("chart " + fixture + " --kind tornado --option api:custom/2");
  CHECK(exact.exit_code == 2);
  CHECK(exact.err.find("a tornado chart needs uncertain inputs") != std::string::npos);
}
