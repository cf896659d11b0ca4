// Library benchmarks: one full estimate (scenario already loaded), loading a scenario from text,
// parsing the shipped catalog (the start-up cost every `ftcost` run pays once), and rendering.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "ftcost/catalog/embedded.hpp"
#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/table.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"

namespace {

const char* const example_path = FTCOST_SOURCE_DIR "/examples/support-assistant-8b-lora.yaml";

std::string read_example() {
  std::ifstream in(example_path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Load once, then the three cost models, alternatives, totals and break-even.
void full_estimate(benchmark::State& state) {
  const ftcost::Scenario scenario = ftcost::load_scenario_file(example_path, ftcost::shipped_catalog());
  for (auto _ : state) {
    ftcost::Report report = ftcost::build_report(scenario);
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(full_estimate);

// Text to a resolved Scenario: YAML parse, field checks, catalog look-ups.
void scenario_load(benchmark::State& state) {
  const std::string text = read_example();
  const ftcost::Catalog& catalog = ftcost::shipped_catalog();
  for (auto _ : state) {
    ftcost::Scenario scenario = ftcost::load_scenario(ftcost::parse_document(text, "example.yaml"), catalog);
    benchmark::DoNotOptimize(scenario);
  }
}
BENCHMARK(scenario_load);

// What shipped_catalog() does on first use: parse the embedded data/*.json into a Catalog.
void shipped_catalog_parse(benchmark::State& state) {
  for (auto _ : state) {
    ftcost::Catalog catalog;
    for (const auto& file : ftcost::catalog::embedded_files()) {
      ftcost::Document doc;
      doc.file = file.name;
      doc.root = nlohmann::json::parse(file.text);
      ftcost::merge_catalog(catalog, doc);
    }
    benchmark::DoNotOptimize(catalog);
  }
}
BENCHMARK(shipped_catalog_parse);

// The JSON parse alone, to split the start-up cost between parsing and merging.
void shipped_catalog_json_only(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& file : ftcost::catalog::embedded_files()) {
      nlohmann::json root = nlohmann::json::parse(file.text);
      benchmark::DoNotOptimize(root);
    }
  }
}
BENCHMARK(shipped_catalog_json_only);

void render_table_and_json(benchmark::State& state) {
  const ftcost::Report report =
      ftcost::build_report(ftcost::load_scenario_file(example_path, ftcost::shipped_catalog()));
  for (auto _ : state) {
    std::string table = ftcost::render_table(report, {true});
    std::string json = ftcost::render_json(report);
    benchmark::DoNotOptimize(table);
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(render_table_and_json);

}  // namespace

BENCHMARK_MAIN();
