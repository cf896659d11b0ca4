// One pricing path: evaluate_totals (the fast path of Monte Carlo, sensitivity, sweeps and plans) sums
// the same priced lines (each model's LineTable) that build_report describes, into the summary rows of
// their kinds. The fast path is held equal to the built report to the last bit, on every scenario this
// repository ships or tests with that estimates, and on variants of each that reach every line kind.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ftcost/catalog/load.hpp"
#include "ftcost/models/line_kind.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/report/totals.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/override.hpp"
#include "ftcost/util/error.hpp"

using namespace ftcost;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = FTCOST_SOURCE_DIR;

// Lines of every kind at once: collection price, synthetic data, refresh, re-training, checkpoints,
// monitoring and operations staff, two APIs (one with a cached prefix) and two managed fine-tunes (one
// with an hourly hosting fee, Azure's).
const char* const every_kind_yaml = R"(version: 1
name: every line kind
horizon_months: 18
data:
  examples: 50k
  tokens_per_example: 800
  collection: {cost_per_example: 0.02}
  cleaning: {hours_per_1k_examples: 1, rate: data-engineer}
  annotation: {share: 25%, minutes_per_example: 2, review_share: 20%, review_minutes: 1}
  synthetic: {examples: 10k, api: gpt-4o-mini, input_tokens: 400, output_tokens: 600}
  pipeline: {engineering_hours: 40}
  refresh: {every_months: 3, share: 25%}
model: llama-3.1-8b
training:
  method: lora
  epochs: 2
  gpu: h100-sxm
  retrain_every_months: 3
  checkpoints_kept: 3
  storage_usd_per_gb_month: 0.02
  engineering_hours: 30
hosting:
  queries_per_month: 500k
  input_tokens: 800
  output_tokens: 300
  gpu: l40s
  min_replicas: 1
  monitoring_usd_per_month: 300
  ops_fte: 0.2
alternatives:
  managed_api:
    - model: gpt-4.1
      few_shot_tokens: 1200
      cached_share: 75%
      prompt_engineering_hours: 40
    - model: gpt-4o-mini
      few_shot_tokens: 2000
      prompt_engineering_hours: 20
  managed_finetune:
    - offer: openai-gpt-4.1-mini-ft
      engineering_hours: 16
    - offer: azure-gpt-4o-mini-ft
)";

struct Base {
  std::string name;
  Document doc;
  Catalog catalog;
};

// The catalog a scenario file is estimated with: the shipped one, the fixture's own overlay, and the
// price book the scenario names.
Catalog catalog_for(const fs::path& file, const Document& doc) {
  static const std::map<std::string, std::string> overlays = {
      {"hand-worked.yaml", "tests/fixtures/hand-worked-catalog.yaml"},
      {"tiny.yaml", "tests/fixtures/plan/tiny-catalog.yaml"}};
  const auto overlay = overlays.find(file.filename().string());
  Catalog catalog =
      overlay == overlays.end() ? shipped_catalog() : catalog_with_overlays({(source_dir / overlay->second).string()});
  if (const auto book = scenario_price_book(doc)) merge_catalog(catalog, load_document(*book));
  return catalog;
}

// Every scenario file under examples/, tests/fixtures/ and tests/hostile/scenarios/ (those that are not
// scenarios, or are refused, fall out when loaded), and the scenario above.
std::vector<Base> bases() {
  std::vector<Base> out;
  for (const char* dir : {"examples", "tests/fixtures", "tests/hostile/scenarios"}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(source_dir / dir)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".json")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      try {
        Document doc = load_document(file.string());
        Catalog catalog = catalog_for(file, doc);
        out.push_back({fs::relative(file, source_dir).string(), std::move(doc), std::move(catalog)});
      } catch (const InputError&) {
        // not a document ftcost reads (a hostile input): nothing to price
      }
    }
  }
  out.push_back({"every-kind", parse_document(every_kind_yaml, "every-kind.yaml"), shipped_catalog()});
  return out;
}

// Each scenario as written and with one change that reaches other lines and curves.
const std::vector<std::pair<std::string, std::vector<Override>>> variants = {
    {"as written", {}},
    {"prompt tuning", {{"training.method", "prompt_tuning", "--set"}}},
    {"qlora", {{"training.method", "qlora", "--set"}}},
    {"full fine-tune", {{"training.method", "full", "--set"}}},
    {"scale to zero", {{"hosting.autoscaling", "true", "--set"}, {"hosting.min_replicas", "0", "--set"}}},
    {"autoscaling", {{"hosting.autoscaling", "true", "--set"}}},
    {"no retraining, no refresh",
     {{"training.retrain_every_months", "0", "--set"}, {"data.refresh.every_months", "0", "--set"}}},
    {"1k queries a month", {{"hosting.queries_per_month", "1k", "--set"}}},
    {"50M queries a month", {{"hosting.queries_per_month", "50M", "--set"}}},
};

void require_identical(const ScenarioTotals& fast, const ScenarioTotals& reference) {
  CHECK(fast.horizon_months == reference.horizon_months);
  REQUIRE(fast.options.size() == reference.options.size());
  for (std::size_t i = 0; i < fast.options.size(); ++i) {
    CAPTURE(i);
    CHECK(fast.options[i].one_time == reference.options[i].one_time);
    CHECK(fast.options[i].monthly == reference.options[i].monthly);
    CHECK(fast.options[i].horizon_total == reference.options[i].horizon_total);
    for (std::size_t r = 0; r < summary_row_count; ++r) {
      CAPTURE(summary_row_info(static_cast<SummaryRow>(r)).label);
      CHECK(fast.options[i].rows[r] == reference.options[i].rows[r]);
    }
  }
  REQUIRE(fast.break_even.size() == reference.break_even.size());
  for (std::size_t b = 0; b < fast.break_even.size(); ++b) {
    CAPTURE(b);
    CHECK(fast.break_even[b].queries_per_month == reference.break_even[b].queries_per_month);
    CHECK(fast.break_even[b].month == reference.break_even[b].month);
  }
}

}  // namespace

TEST_CASE("evaluate_totals equals the built report to the last bit on every scenario and line kind", "[pricing]") {
  std::set<LineKind> kinds_seen;
  std::set<std::string> estimated;
  int scale_to_zero = 0, prompt_tuning = 0, several_apis = 0, finetunes = 0, break_even_found = 0;
  ScenarioTotals reused;  // evaluate_totals_into reuses its storage across scenarios, as Monte Carlo does
  for (const Base& base : bases()) {
    for (const auto& [variant, overrides] : variants) {
      CAPTURE(base.name, variant);
      Scenario scenario;
      Report report;
      try {
        Document doc = base.doc;
        for (const auto& change : overrides) apply_override(doc, change);
        scenario = load_scenario(doc, base.catalog);
        report = build_report(scenario);
      } catch (const InputError&) {
        // The fast path must refuse what build_report refuses (checked for the loadable ones below).
        continue;
      }
      if (variant == "as written") estimated.insert(base.name);
      for (const auto& option : report.options) {
        for (const auto& line : option.lines) kinds_seen.insert(line.kind);
      }
      scale_to_zero += report.options.front().hosting->scales_to_zero() ? 1 : 0;
      prompt_tuning += scenario.training.method == TrainingMethod::prompt_tuning ? 1 : 0;
      several_apis += scenario.apis.size() >= 2 ? 1 : 0;
      finetunes += scenario.finetunes.empty() ? 0 : 1;
      for (const auto& be : report.break_even) break_even_found += be.queries_per_month ? 1 : 0;

      const ScenarioTotals reference = totals_of(report);
      require_identical(evaluate_totals(scenario), reference);
      evaluate_totals_into(scenario, reused);
      require_identical(reused, reference);

      // The per-run cache (replica sizing, training GPU count) changes nothing when the inputs it
      // depends on are fixed, whatever else moves: here volume and both GPU prices.
      const EvaluationCache cache = evaluation_cache_for(scenario);
      Scenario moved = scenario;
      moved.hosting.queries_per_month *= 3;
      moved.hosting.gpu_hour.usd *= 0.8;
      moved.training.gpu_hour.usd *= 1.5;
      require_identical(evaluate_totals(moved, &cache), totals_of(build_report(moved)));
    }
  }
  // Every bundled example estimates, and so do the fixtures the golden and unit tests estimate.
  for (const char* name :
       {"examples/support-assistant-8b-lora.yaml", "examples/legal-70b-qlora.yaml",
        "examples/low-volume-internal-tool.yaml", "examples/low-volume-internal-tool.json",
        "examples/product-qa-high-volume.yaml", "tests/fixtures/hand-worked.yaml", "tests/fixtures/multi-adapter.yaml",
        "tests/fixtures/duplicate-options.yaml", "tests/fixtures/scenario-with-price-book.yaml",
        "tests/fixtures/plan/tiny.yaml", "tests/fixtures/pipeline/budget-breached.yaml", "every-kind"}) {
    CAPTURE(name);
    CHECK(estimated.count(name) == 1);
  }
  // Every kind of line was priced both ways somewhere above: a new kind needs a scenario here.
  for (std::size_t i = 0; i < line_kind_count; ++i) {
    const LineKindInfo info = line_kind_info(static_cast<LineKind>(i));
    CAPTURE(info.stage, info.item);
    CHECK(kinds_seen.count(static_cast<LineKind>(i)) == 1);
  }
  CHECK(scale_to_zero > 0);
  CHECK(prompt_tuning > 0);
  CHECK(several_apis > 0);
  CHECK(finetunes > 0);
  CHECK(break_even_found > 0);
}

TEST_CASE("evaluate_totals refuses what build_report refuses", "[pricing]") {
  // 405B in fp16 on one L40S: the replica does not fit.
  Document doc = parse_document(every_kind_yaml, "every-kind.yaml");
  apply_override(doc, {"model", "llama-3.1-405b", "--set"});
  apply_override(doc, {"hosting.gpus_per_replica", "1", "--set"});
  const Scenario scenario = load_scenario(doc, shipped_catalog());
  CHECK_THROWS_AS(build_report(scenario), InputError);
  CHECK_THROWS_AS(evaluate_totals(scenario), InputError);
}

TEST_CASE("each line kind has one summary row, and recurs as that row does", "[pricing]") {
  // Stated here by hand, as README 'How to read the output' groups them: a change to a
  // kind's row in line_kind.hpp must change this test too.
  const std::map<LineKind, SummaryRow> expected = {
      {LineKind::data_collection, SummaryRow::data_preparation},
      {LineKind::data_cleaning, SummaryRow::data_preparation},
      {LineKind::data_annotation, SummaryRow::data_preparation},
      {LineKind::data_review, SummaryRow::data_preparation},
      {LineKind::data_synthetic_input, SummaryRow::data_preparation},
      {LineKind::data_synthetic_output, SummaryRow::data_preparation},
      {LineKind::data_pipeline_engineering, SummaryRow::data_preparation},
      {LineKind::data_refresh, SummaryRow::data_refresh},
      {LineKind::training_compute, SummaryRow::training},
      {LineKind::training_engineering, SummaryRow::training},
      {LineKind::training_retraining, SummaryRow::retraining_and_storage},
      {LineKind::training_checkpoint_storage, SummaryRow::retraining_and_storage},
      {LineKind::serving_gpus, SummaryRow::inference},
      {LineKind::serving_monitoring, SummaryRow::operations},
      {LineKind::serving_operations, SummaryRow::operations},
      {LineKind::api_input_tokens, SummaryRow::inference},
      {LineKind::api_cached_input_tokens, SummaryRow::inference},
      {LineKind::api_output_tokens, SummaryRow::inference},
      {LineKind::api_prompt_engineering, SummaryRow::prompt_engineering},
      {LineKind::finetune_training_tokens, SummaryRow::vendor_finetuning},
      {LineKind::finetune_engineering, SummaryRow::vendor_finetuning},
      {LineKind::finetune_retraining, SummaryRow::retraining_and_storage},
      {LineKind::finetune_input_tokens, SummaryRow::inference},
      {LineKind::finetune_output_tokens, SummaryRow::inference},
      {LineKind::finetune_hosting_fee, SummaryRow::inference},
  };
  // One entry per kind: a kind added to the enum without a row here (and in line_kind_info) fails.
  REQUIRE(expected.size() == line_kind_count);
  for (const auto& [kind, row] : expected) {
    const LineKindInfo info = line_kind_info(kind);
    CAPTURE(info.stage, info.item);
    CHECK(summary_row_of(kind) == row);
    // Saved JSON estimates name lines by stage and item: each pair finds its kind again.
    CHECK(find_line_kind(info.stage, info.item) == kind);
  }
  CHECK(recurrence_of(LineKind::data_refresh) == Recurrence::monthly);
  CHECK(recurrence_of(LineKind::finetune_training_tokens) == Recurrence::one_time);
  CHECK(recurrence_of(LineKind::serving_monitoring) == Recurrence::monthly);
  CHECK(summary_row_info(SummaryRow::prompt_engineering).label == "Prompt engineering");
  CHECK(summary_row_info(SummaryRow::operations).label == "Operations and monitoring");
  CHECK_FALSE(find_line_kind("hosting", "gpu-compute").has_value());
}
