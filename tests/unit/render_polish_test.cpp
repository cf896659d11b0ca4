// Renderer polish: human numbers, exact shares, JSON warnings as a structured array, typed defaults
// and distributions in JSON, and the Markdown summary carrying the recommendation and the warnings.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/markdown.hpp"
#include "ftcost/render/table.hpp"
#include "ftcost/report/staleness.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/quantity.hpp"
#include "ftcost/util/text.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;
using nlohmann::json;
using pipeline_test::run_ftcost;

namespace {

// The support example with its L40S price marked unverified, to pin that warning.
const std::string unverified_l40s = "tests/fixtures/catalog/l40s-unverified.yaml";
const std::string retiring_haiku = "tests/fixtures/catalog/haiku-retiring.yaml";

Report example_report(const std::string& name) {
  return build_report(load_scenario_file(std::string(FTCOST_SOURCE_DIR) + "/examples/" + name, shipped_catalog()));
}

const json& default_named(const json& doc, const std::string& field) {
  for (const auto& d : doc["defaults_applied"]) {
    if (d["field"] == field) return d;
  }
  FAIL("no default applied to " << field);
  return doc;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("short quantities read as people write them, never with an exponent") {
  CHECK(short_quantity(1860) == "1.86k");  // was "1.86e+03" in the table's uncertainty rows
  CHECK(short_quantity(999700) == "1M");   // rounds to 1.00M first: not "1e+03k"
  CHECK(short_quantity(999.7) == "1k");    // not "1e+03"
  CHECK(short_quantity(26.7e6) == "26.7M");
  CHECK(short_quantity(0.2994) == "0.299");
  CHECK(short_quantity(-4380) == "-4.38k");
  CHECK(short_quantity(2.5e15) == "2500T");  // no suffix beyond T
}

TEST_CASE("a printed command line quotes what a shell would split or expand") {
  CHECK(shell_word("examples/support-assistant-8b-lora.yaml") == "examples/support-assistant-8b-lora.yaml");
  CHECK(shell_word("hosting.queries_per_month=30M") == "hosting.queries_per_month=30M");
  CHECK(shell_word("alternatives.managed_finetune[0].offer=x") == "'alternatives.managed_finetune[0].offer=x'");
  CHECK(shell_word("name=Bob's plan") == "'name=Bob'\\''s plan'");
  CHECK(shell_word("") == "''");
}

TEST_CASE("a break-even within days is not printed as month 0, and a zero volume reads as every volume") {
  CHECK(months_text(7.25) == "7.2");
  CHECK(months_text(0.1) == "0.1");
  CHECK(months_text(0.027557) == "0.028");  // was "0.0", which the README reserves for "from the start"
  CHECK(months_text(0) == "0.0");
  CHECK(volume_text(4.89e6) == "4.89M queries/month");
  CHECK(volume_text(0) == "every volume");
}

TEST_CASE("shares are exact: never rounded up to 100% or down to 0% when they are not") {
  CHECK(format_share(0.9985) == "99.9%");  // 9,985 of 10,000 samples: not "100%"
  CHECK(format_share(0.9996) == "99.96%");
  CHECK(format_share(0.99999) == "99.999%");
  CHECK(format_share(0.0001) == "0.01%");  // 1 of 10,000: not "0%" or "<1%"
  CHECK(format_share(0.004) == "0.4%");
  CHECK(format_share(0.74) == "74%");
  CHECK(format_share(0.12) == "12%");
  CHECK(format_share(1) == "100%");
  CHECK(format_share(0) == "0%");
}

TEST_CASE("the table shows uncertain inputs in human numbers and exact shares") {
  Report report = example_report("support-assistant-8b-lora.yaml");
  UncertaintyResult u;
  u.samples = 10000;
  u.seed = 42;
  UncertainInputSummary input;
  input.field = "hosting.monitoring_usd_per_month";
  input.distribution = "PERT(1500, 2000, 3000)";
  input.p10 = 1860;
  input.p90 = 2610;
  u.inputs.push_back(input);
  for (const auto& option : report.options) {
    OptionUncertainty o;
    o.id = option.id;
    // 9,985 of 10,000 samples for the API, 15 for the managed fine-tune, none for self-hosting.
    o.probability_cheapest = option.kind == OptionKind::managed_api        ? 0.9985
                             : option.kind == OptionKind::managed_finetune ? 0.0015
                                                                           : 0.0;
    u.options.push_back(o);
  }
  BreakEvenUncertainty be;
  be.against = report.break_even.front().against;
  be.month.share_never = 0.9985;
  be.queries_per_month.p50 = 2.54e6;
  u.break_even.push_back(be);
  report.uncertainty = u;

  const std::string table = render_table(report);
  INFO(table);
  CHECK(contains(table, "P10 1.86k  P90 2.61k"));
  CHECK_FALSE(contains(table, "e+0"));
  CHECK(contains(table, "claude-haiku-4.5 — cheapest in 99.9% of samples"));
  CHECK(contains(table, "FT fireworks-lora-up-to-16b — cheapest in 0.1% of samples"));  // the first non-zero decimal
  CHECK(contains(table, "Self-hosted FT — cheapest in 0% of samples"));
  CHECK(contains(table, "month:  never / never / never months (never in 99.9% of samples)"));
  CHECK_FALSE(contains(table, "100% of samples"));
}

TEST_CASE("the product Q&A example reports its break-even shares exactly") {
  const auto run = run_ftcost("estimate examples/product-qa-high-volume.yaml --today 2026-12-02");
  REQUIRE(run.exit_code == 0);
  // The API is the cheapest in one sample of 10,000: format_share pins it as "0.01%", not a rounded
  // "0%"; self-hosting in 99.8% and the managed fine-tune in the rest.
  CHECK(contains(run.out, "    month:  1.0 / 1.7 / 3.2 months\n"));
  CHECK(contains(run.out, "    month:  5.1 / 5.2 / 5.2 months (never in 0.1% of samples)\n"));
  CHECK(contains(run.out, "claude-haiku-4.5 — cheapest in 0.01% of samples"));
  CHECK(contains(run.out, "Self-hosted FT — cheapest in 99.8% of samples"));
  CHECK(contains(run.out, "FT fireworks-lora-up-to-16b — cheapest in 0.2% of samples"));
}

TEST_CASE("JSON warnings are objects with a code, the message and the prices they are about") {
  // On 2026-12-02 the L40S serving price of 2024-08-15 in the overlay is 839 days old
  // (2 × 365 + 109) and unverified; a second overlay retires Claude Haiku 4.5 (invented dates).
  const auto run = run_ftcost("estimate examples/support-assistant-8b-lora.yaml -f json --today 2026-12-02 --catalog " +
                              unverified_l40s + " --catalog " + retiring_haiku);
  REQUIRE(run.exit_code == 0);
  const json doc = json::parse(run.out);
  const json& warnings = doc["warnings"];
  REQUIRE(warnings.size() == 4);
  CHECK(warnings[0]["code"] == "stale_price");
  CHECK(warnings[0]["message"] ==
        "price l40s@nebius/on_demand is 839 days old (as of 2024-08-15; limit 365 days); check and override with "
        "--catalog");
  CHECK(warnings[0]["price"]["ids"] == json({"l40s@nebius/on_demand"}));
  CHECK(warnings[0]["price"]["as_of"] == "2024-08-15");
  CHECK_THAT(warnings[0]["price"]["source"].get<std::string>(), Catch::StartsWith("Nebius pricing page"));
  CHECK(warnings[1]["code"] == "unverified_price");
  CHECK(warnings[1]["price"]["ids"] == json({"l40s@nebius/on_demand"}));
  CHECK(warnings[1]["price"]["as_of"] == "2024-08-15");
  // Haiku prices the synthetic data and the API option: one warning each for all its prices.
  CHECK(warnings[2]["code"] == "deprecated_price");
  CHECK(warnings[2]["price"]["ids"] ==
        json({"claude-haiku-4.5:input", "claude-haiku-4.5:output", "claude-haiku-4.5:cached_input"}));
  CHECK(warnings[3]["code"] == "price_sunset_ahead");
  CHECK(warnings[3]["message"] == "price claude-haiku-4.5 has a sunset on 2027-01-14");
  // The same text goes to stderr, one line each.
  CHECK(contains(run.err, "ftcost: warning: price l40s@nebius/on_demand is unverified"));
}

TEST_CASE("a warning that is not about a price has a null price") {
  Report report = example_report("support-assistant-8b-lora.yaml");
  report.warnings.push_back({"replica_spans_nodes", "hosting: each replica spans 2 nodes", {}});
  const json doc = report_to_json(report);
  REQUIRE(doc["warnings"].size() == 1);
  CHECK(
      doc["warnings"][0] ==
      json({{"code", "replica_spans_nodes"}, {"message", "hosting: each replica spans 2 nodes"}, {"price", nullptr}}));
}

TEST_CASE("defaults_applied values are typed: numbers, booleans, names with their price") {
  const json doc = report_to_json(example_report("support-assistant-8b-lora.yaml"));
  CHECK(default_named(doc, "training.checkpoints_kept")["value"].is_number());
  CHECK(default_named(doc, "training.checkpoints_kept")["value"] == 3);
  // training.mfu is the achieved MFU; its default is the time model, not a number to write back
  // (training.mfu.default, 0.4676, is the matmuls' share of peak, one input of that model).
  const json& mfu = default_named(doc, "training.mfu");
  CHECK(mfu["value"] == "time model");
  CHECK(mfu["why"].get<std::string>().find("matmuls at 0.4676 of the peak the GPU sustains (training.mfu.default)") !=
        std::string::npos);
  CHECK(default_named(doc, "hosting.target_utilization")["value"] == 0.7);
  CHECK(default_named(doc, "training.precision")["value"] == "bf16");
  // A role chosen by default: its id, and its rate ($65.38/h ÷ 0.699, the wage share of compensation, = $93.53/h).
  const json& rate = default_named(doc, "data.pipeline.rate");
  CHECK(rate["value"] == "data-engineer");
  CHECK(rate["usd_per_hour"].get<double>() == Approx(93.53).margin(0.005));
  CHECK(rate["text"] == "data-engineer ($93.53/h)");
  // A provider chosen by default: the cheapest verified on-demand H100 SXM instance price.
  const json& provider = default_named(doc, "training.provider");
  CHECK(provider["value"] == "nebius");
  CHECK(provider["usd_per_gpu_hour"] == 2.95);

  const json low = report_to_json(example_report("low-volume-internal-tool.yaml"));
  CHECK(default_named(low, "hosting.autoscaling")["value"] == false);
}

TEST_CASE("uncertain inputs carry their distribution as an object, as the scenario writes it") {
  const auto run = run_ftcost("estimate examples/product-qa-high-volume.yaml -f json --today 2026-12-02");
  REQUIRE(run.exit_code == 0);
  const json inputs = json::parse(run.out)["uncertainty"]["inputs"];
  REQUIRE(inputs.size() == 3);
  CHECK(inputs[0]["field"] == "data.annotation.minutes_per_example");
  CHECK(inputs[0]["distribution"] == json({{"dist", "pert"}, {"low", 1.5}, {"likely", 2.5}, {"high", 5.0}}));
  CHECK(inputs[2]["field"] == "hosting.queries_per_month");
  CHECK(inputs[2]["distribution"] == json({{"dist", "lognormal"}, {"median", 40e6}, {"spread", 1.5}}));
}

TEST_CASE("the Markdown summary carries the recommendation and the warnings") {
  const auto run =
      run_ftcost("estimate examples/support-assistant-8b-lora.yaml -f markdown --today 2026-12-02 --catalog " +
                 unverified_l40s + " --catalog " + retiring_haiku);
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out,
                 "**Recommendation:** Use the base API with prompt engineering: API claude-haiku-4.5 + few-shot.\n\n"
                 "Why:\n- a 12% accuracy gain at $0.05 per query is worth $144,000 over 24 months"));
  CHECK(contains(run.out,
                 "What would change it:\n- fine-tuning pays for itself when a query is worth more than $0.0736"));
  CHECK(contains(run.out, "<details><summary>⚠️ 4 warnings</summary>"));
  CHECK(contains(run.out, "- `unverified_price` price l40s@nebius/on_demand is unverified"));
  // Without warnings (no stale price on the example's own date, and no trust flag) there is no section.
  Report clean = example_report("low-volume-internal-tool.yaml");
  clean.warnings.clear();
  CHECK_FALSE(contains(render_markdown(clean), "<details>"));
}

TEST_CASE("Markdown writes text from the scenario as text, not HTML") {
  Report report = example_report("low-volume-internal-tool.yaml");
  report.options[1].label = "<script>&\"";
  const std::string md = render_markdown(report);
  CHECK(contains(md, "| &lt;script&gt;&amp;\""));
  CHECK_FALSE(contains(md, "<script>"));
}
