// `ftcost diff`: the domain diff of two reports, saved estimates read back, and its outputs.
#include <catch2/catch.hpp>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/diff.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/report/diff.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/override.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;

namespace {

Report support_report(const std::vector<std::string>& sets = {}) {
  Document doc = load_document(std::string(FTCOST_SOURCE_DIR) + "/examples/support-assistant-8b-lora.yaml");
  for (const auto& set : sets) apply_override(doc, parse_override(set));
  return build_report(load_scenario(doc, shipped_catalog()));
}

const OptionDiff& option(const ReportDiff& diff, const std::string& id) {
  for (const auto& o : diff.options) {
    if (o.id == id) return o;
  }
  FAIL("no option " << id);
  throw;
}

}  // namespace

TEST_CASE("a report diffed with itself, or with its saved JSON, has no change") {
  const Report report = support_report();
  CHECK_FALSE(diff_reports(report, report).any_change());
  const Report saved = report_from_json(nlohmann::json::parse(render_json(report)), "saved.json");
  const ReportDiff diff = diff_reports(saved, report);
  CHECK_FALSE(diff.any_change());
  for (const auto& o : diff.options) {
    CHECK(o.kind == DiffKind::unchanged);
    for (const auto& l : o.lines) CHECK(l.kind == DiffKind::unchanged);
  }
}

TEST_CASE("tripling the volume changes only the per-token lines, by the hand-computed amounts") {
  const Report base = support_report();
  const Report next = support_report({"hosting.queries_per_month=3M"});
  const ReportDiff diff = diff_reports(base, next);
  CHECK(diff.queries_per_month.delta() == 2e6);
  // The self-hosted fleet (2 replicas minimum) carries 3M queries too: no change.
  CHECK(option(diff, "self-hosted").kind == DiffKind::changed);  // only its cost per 1k queries changes
  CHECK_FALSE(option(diff, "self-hosted").horizon_total.changed());
  // API claude-haiku-4.5 (catalog: $1 input, $0.10 cached input, $5 output per 1M tokens), 600 prompt
  // tokens, 1,500 few-shot tokens of which 80% cached, 250 output tokens:
  //   (600 + 300) × $1/1M + 1,200 × $0.10/1M + 250 × $5/1M = $0.0009 + $0.00012 + $0.00125 = $0.00227 a
  //   query, so +2M queries add $4,540 a month and 24 × $4,540 = $108,960 over the horizon.
  const OptionDiff& api = option(diff, "api:claude-haiku-4.5");
  CHECK(api.monthly.delta() == Approx(4540).epsilon(1e-12));
  CHECK(api.horizon_total.delta() == Approx(108960).epsilon(1e-12));
  CHECK_FALSE(api.one_time.changed());
  for (const auto& l : api.lines) {
    if (l.recurrence == Recurrence::monthly) {
      CHECK(l.kind == DiffKind::changed);
      CHECK(l.quantity.after == Approx(3 * l.quantity.before));  // tokens scale with queries
      CHECK_FALSE(l.unit_price.changed());
    } else {
      CHECK(l.kind == DiffKind::unchanged);
    }
  }
}

TEST_CASE("options and lines present on one side only are added or removed") {
  const Report base = support_report();
  Report next = base;
  next.options.pop_back();  // drop the managed fine-tune
  next.options[0].lines.pop_back();
  const ReportDiff diff = diff_reports(base, next);
  CHECK(diff.options.back().kind == DiffKind::removed);
  // The side without the option or line has no value: null in JSON (as the README says), n/a in tables.
  CHECK(diff.options.back().horizon_total.before == base.options.back().totals.horizon_total);
  CHECK_FALSE(diff.options.back().horizon_total.after_defined);
  CHECK_FALSE(diff.options.back().one_time.after_defined);
  CHECK_FALSE(diff.options.back().cost_per_1k_queries.after_defined);
  CHECK(diff.options.front().lines.back().kind == DiffKind::removed);
  CHECK_FALSE(diff.options.front().lines.back().amount.after_defined);
  CHECK_FALSE(diff.options.front().lines.back().quantity.after_defined);
  const ReportDiff reverse = diff_reports(next, base);
  CHECK(reverse.options.back().kind == DiffKind::added);
  CHECK_FALSE(reverse.options.back().monthly.before_defined);
  const nlohmann::json json = nlohmann::json::parse(render_diff(reverse, OutputFormat::json));
  int added = 0;
  for (const auto& option : json["options"]) {
    if (option["change"] != "added") continue;
    ++added;
    CHECK(option["horizon_total_usd"]["before"].is_null());
    CHECK(option["horizon_total_usd"]["delta"].is_null());
    CHECK(option["lines"][0]["amount_usd"]["before"].is_null());
  }
  CHECK(added == 1);
  // The Markdown table says n/a for the side without the option, not $0.00.
  CHECK(render_diff(diff_reports(base, next), OutputFormat::markdown).find("(removed) | $") != std::string::npos);
  CHECK(render_diff(diff_reports(base, next), OutputFormat::markdown).find("| n/a |") != std::string::npos);
}

TEST_CASE("a saved estimate of another format version is an input error") {
  auto doc = nlohmann::json::parse(render_json(support_report()));
  doc["format"] = "ftcost-estimate/9";
  CHECK_THROWS_WITH(report_from_json(doc, "old.json"),
                    Catch::StartsWith("old.json: format: 'ftcost-estimate/9' is not a format"));
  doc["format"] = "ftcost-estimate/1";
  doc["options"][0].erase("lines");
  CHECK_THROWS_WITH(report_from_json(doc, "cut.json"),
                    Catch::StartsWith("cut.json: not a complete ftcost-estimate/1 estimate"));
}

TEST_CASE("golden: diff of a saved estimate and a changed scenario", "[golden]") {
  const auto saved = pipeline_test::scratch_dir() / "base.json";
  REQUIRE(
      pipeline_test::run_ftcost("estimate examples/support-assistant-8b-lora.yaml -f json -o '" + saved.string() + "'")
          .exit_code == 0);
  const std::string args =
      "diff '" + saved.string() +
      "' examples/support-assistant-8b-lora.yaml --set hosting.queries_per_month=3M --set training.epochs=2";
  const auto table = pipeline_test::run_ftcost(args);
  REQUIRE(table.exit_code == 0);
  pipeline_test::check_golden("diff-support.txt", table.out);
  const auto md = pipeline_test::run_ftcost(args + " -f markdown");
  pipeline_test::check_golden("diff-support.md", md.out);
  const auto json = nlohmann::json::parse(pipeline_test::run_ftcost(args + " -f json").out);
  CHECK(json["format"] == "ftcost-diff/1");
  CHECK(json["changed"] == true);
  CHECK(json["queries_per_month"]["delta"] == 2e6);
}

TEST_CASE("diff's Markdown writes scenario text as estimate's does: no broken table, no HTML") {
  const auto run = pipeline_test::run_ftcost(
      "diff examples/support-assistant-8b-lora.yaml examples/support-assistant-8b-lora.yaml -f markdown "
      "--set 'name=A | <b>B</b> & C' --set hosting.queries_per_month=2M");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("A \\| &lt;b&gt;B&lt;/b&gt; &amp; C"));
  CHECK_THAT(run.out, !Catch::Contains("<b>"));
}
