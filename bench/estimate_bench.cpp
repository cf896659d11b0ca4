// Library benchmarks: one full estimate (scenario already loaded), loading a scenario from text,
// parsing the shipped catalog (the start-up cost every `ftcost` run pays once), rendering, sweeps.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/table.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/report/sweep.hpp"
#include "ftcost/report/totals.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/scenario/resolve.hpp"

namespace {

const char* const example_path = FTCOST_SOURCE_DIR "/examples/support-assistant-8b-lora.yaml";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}
std::string read_example() { return read_file(example_path); }

// data/*.json, as the build reads them.
struct DataFile {
  std::string name;
  std::string text;
};
std::vector<DataFile> read_data_files() {
  std::vector<DataFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(FTCOST_SOURCE_DIR "/data")) {
    if (entry.path().extension() == ".json") files.push_back({entry.path().string(), read_file(entry.path().string())});
  }
  std::sort(files.begin(), files.end(), [](const DataFile& a, const DataFile& b) { return a.name < b.name; });
  return files;
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

// The plan API: two numeric overrides applied to a loaded scenario (a copy, set_number's checks,
// derive_defaults) and priced by the string-free path, against the same overrides by reload (`--set`).
void apply_overrides_numeric(benchmark::State& state) {
  const ftcost::Document doc = ftcost::load_document(example_path);
  const ftcost::Catalog& catalog = ftcost::shipped_catalog();
  const ftcost::Scenario base = ftcost::load_scenario(doc, catalog);
  const std::vector<ftcost::Override> overrides = {{"data.tokens_per_example", "1200", "--set"},
                                                   {"training.epochs", "2", "--set"}};
  const bool reload = state.range(0) != 0;
  for (auto _ : state) {
    const ftcost::Scenario candidate = reload ? ftcost::reload_with_overrides(doc, catalog, overrides)
                                              : ftcost::apply_overrides(base, doc, catalog, overrides);
    ftcost::ScenarioTotals totals = ftcost::evaluate_totals(candidate);
    benchmark::DoNotOptimize(totals);
  }
}
BENCHMARK(apply_overrides_numeric)->Arg(0)->Arg(1);

// What start-up cost when the shipped catalog was embedded JSON parsed on first use (before
// tools/catalog-codegen.cpp): parse data/*.json into a Catalog.
void shipped_catalog_parse(benchmark::State& state) {
  const std::vector<DataFile> files = read_data_files();
  for (auto _ : state) {
    ftcost::Catalog catalog;
    for (const auto& file : files) {
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
  const std::vector<DataFile> files = read_data_files();
  for (auto _ : state) {
    for (const auto& file : files) {
      nlohmann::json root = nlohmann::json::parse(file.text);
      benchmark::DoNotOptimize(root);
    }
  }
}
BENCHMARK(shipped_catalog_json_only);

// What start-up costs now: building the generated catalog (a copy of it, the same allocations).
void shipped_catalog_generated(benchmark::State& state) {
  for (auto _ : state) {
    ftcost::Catalog catalog = ftcost::shipped_catalog();
    benchmark::DoNotOptimize(catalog);
  }
}
BENCHMARK(shipped_catalog_generated);

// A price book of about 1 MB: data/gpu_prices.json's entries repeated with distinct regions.
std::string megabyte_price_book() {
  const nlohmann::json shipped = nlohmann::json::parse(read_file(FTCOST_SOURCE_DIR "/data/gpu_prices.json"));
  nlohmann::json book = {{"format", "ftcost-catalog/1"}, {"gpu_prices", nlohmann::json::array()}};
  for (int copy = 0; book.dump(1).size() < 1000000; ++copy) {
    for (nlohmann::json entry : shipped.at("gpu_prices")) {
      entry["region"] = entry.at("region").get<std::string>() + "-bench" + std::to_string(copy);
      book["gpu_prices"].push_back(std::move(entry));
    }
  }
  return book.dump(1);
}

// Issue #12 target: a 1 MB JSON price book adds at most 20 ms to an estimate. Parse and merge into
// the shipped catalog, as `--catalog book.json` does (entry by entry from nlohmann's SAX events).
void price_book_1mb_json(benchmark::State& state) {
  const std::string text = megabyte_price_book();
  for (auto _ : state) {
    ftcost::Catalog catalog = ftcost::shipped_catalog();
    ftcost::merge_catalog_text(catalog, text, "book.json");
    benchmark::DoNotOptimize(catalog);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(price_book_1mb_json)->Unit(benchmark::kMillisecond);

// The same through the whole tree (parse_document, then merge_catalog): what a book that the
// stream gives up on (any error) costs, and what every book cost before.
void price_book_1mb_json_tree(benchmark::State& state) {
  const std::string text = megabyte_price_book();
  for (auto _ : state) {
    ftcost::Catalog catalog = ftcost::shipped_catalog();
    ftcost::merge_catalog(catalog, ftcost::parse_document(text, "book.json"));
    benchmark::DoNotOptimize(catalog);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(price_book_1mb_json_tree)->Unit(benchmark::kMillisecond);

// The parse alone (text to a located tree).
void price_book_1mb_json_parse(benchmark::State& state) {
  const std::string text = megabyte_price_book();
  for (auto _ : state) {
    ftcost::Document doc = ftcost::parse_document(text, "book.json");
    benchmark::DoNotOptimize(doc);
  }
}
BENCHMARK(price_book_1mb_json_parse)->Unit(benchmark::kMillisecond);

// The same book written as block-style YAML (each entry a `- field: value` map, text as
// double-quoted scalars): what `--catalog book.yaml` reads through libyaml.
std::string megabyte_price_book_yaml() {
  const nlohmann::json book = nlohmann::json::parse(megabyte_price_book());
  std::string text = "format: " + book.at("format").dump() + "\ngpu_prices:\n";
  for (const nlohmann::json& entry : book.at("gpu_prices")) {
    const char* lead = "  - ";
    for (const auto& [field, value] : entry.items()) {
      text += lead + field + ": " + value.dump() + "\n";
      lead = "    ";
    }
  }
  return text;
}

// A 1 MB YAML book parsed and merged into the shipped catalog (parse_document + merge_catalog).
void price_book_1mb_yaml(benchmark::State& state) {
  const std::string text = megabyte_price_book_yaml();
  for (auto _ : state) {
    ftcost::Catalog catalog = ftcost::shipped_catalog();
    ftcost::merge_catalog_text(catalog, text, "book.yaml");
    benchmark::DoNotOptimize(catalog);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(price_book_1mb_yaml)->Unit(benchmark::kMillisecond);

// The YAML parse alone (text to a tree that can locate every value).
void price_book_1mb_yaml_parse(benchmark::State& state) {
  const std::string text = megabyte_price_book_yaml();
  for (auto _ : state) {
    ftcost::Document doc = ftcost::parse_document(text, "book.yaml");
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(price_book_1mb_yaml_parse)->Unit(benchmark::kMillisecond);

// Issue #12 target: a 3 KB YAML scenario parses in at most 0.2 ms (the example is 3.1 KB).
void scenario_yaml_parse(benchmark::State& state) {
  const std::string text = read_example();
  for (auto _ : state) {
    ftcost::Document doc = ftcost::parse_document(text, "example.yaml");
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(scenario_yaml_parse)->Unit(benchmark::kMicrosecond);

// The same, then one value located, as an error about a field does (the path of a rejected scenario).
void scenario_yaml_parse_locate(benchmark::State& state) {
  const std::string text = read_example();
  for (auto _ : state) {
    ftcost::Document doc = ftcost::parse_document(text, "example.yaml");
    ftcost::SourceLocation where = doc.locate("/alternatives/managed_api/0/cached_share");
    benchmark::DoNotOptimize(where);
  }
}
BENCHMARK(scenario_yaml_parse_locate)->Unit(benchmark::kMicrosecond);

void render_table_and_json(benchmark::State& state) {
  const ftcost::Report report =
      ftcost::build_report(ftcost::load_scenario_file(example_path, ftcost::shipped_catalog()));
  ftcost::RenderOptions explain;
  explain.explain = true;
  for (auto _ : state) {
    std::string table = ftcost::render_table(report, explain);
    std::string json = ftcost::render_json(report);
    benchmark::DoNotOptimize(table);
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(render_table_and_json);

// A sweep in the library, points per second (items_per_second), the rows handed to a callback that
// only keeps a checksum; `bench/sweep.sh` measures `ftcost sweep` with CSV formatting and output.
// Volume (and horizon) points reuse the option curves of one report: a few multiplications each.
void sweep_points(benchmark::State& state, const std::string& axis) {
  const ftcost::Scenario scenario = ftcost::load_scenario_file(example_path, ftcost::shipped_catalog());
  const std::vector<ftcost::SweepAxis> axes = {ftcost::parse_sweep_axis(axis)};
  for (auto _ : state) {
    double checksum = 0;
    ftcost::run_sweep(scenario, axes,
                      [&](const double*, const double* totals, std::size_t cheapest) { checksum += totals[cheapest]; });
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(axes.front().values.size()));
}
BENCHMARK_CAPTURE(sweep_points, volume, std::string("hosting.queries_per_month=1k..100M:log:1000000"))
    ->Unit(benchmark::kMillisecond);
// Any other field changes the models' inputs, so each point rebuilds the report.
BENCHMARK_CAPTURE(sweep_points, gpu_price, std::string("hosting.usd_per_gpu_hour=0.5..4:lin:1000"))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
