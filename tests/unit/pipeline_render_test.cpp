// CSV, Markdown and JSON renderers, and the shipped JSON Schemas.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <map>
#include <regex>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/csv.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/markdown.hpp"
#include "ftcost/render/schemas.hpp"
#include "ftcost/scenario/load.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;
using nlohmann::json;

namespace {

Report example_report(const std::string& name) {
  return build_report(load_scenario_file(std::string(FTCOST_SOURCE_DIR) + "/examples/" + name, shipped_catalog()));
}

// RFC 4180 reader: quoted fields may hold commas, quotes ("" inside) and line breaks; rows end in CRLF.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += text[++i];
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// A small JSON Schema (draft-07) checker for the keywords our schemas use; returns the first problem.
std::string schema_problem(const json& schema, const json& value, const json& root, const std::string& at) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    return schema_problem(root.at(json::json_pointer(ref.substr(1))), value, root, at);
  }
  if (schema.contains("type")) {
    auto is = [&](const std::string& type) {
      if (type == "object") return value.is_object();
      if (type == "array") return value.is_array();
      if (type == "string") return value.is_string();
      if (type == "number") return value.is_number();
      if (type == "integer") return value.is_number_integer() || value.is_number_unsigned();
      if (type == "boolean") return value.is_boolean();
      if (type == "null") return value.is_null();
      return false;
    };
    const json types = schema["type"].is_array() ? schema["type"] : json::array({schema["type"]});
    bool any = false;
    for (const auto& t : types) any = any || is(t.get<std::string>());
    if (!any) return at + ": wrong type " + std::string(value.type_name());
  }
  if (schema.contains("const") && schema["const"] != value) return at + ": not the constant";
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& e : schema["enum"]) found = found || e == value;
    if (!found) return at + ": not in enum: " + value.dump();
  }
  if (schema.contains("minimum") && value.is_number() && value.get<double>() < schema["minimum"].get<double>()) {
    return at + ": below minimum";
  }
  if (schema.contains("pattern") && value.is_string() &&
      !std::regex_search(value.get<std::string>(), std::regex(schema["pattern"].get<std::string>()))) {
    return at + ": does not match the pattern";
  }
  if (schema.contains("oneOf")) {
    int matches = 0;
    for (const auto& option : schema["oneOf"]) matches += schema_problem(option, value, root, at).empty();
    if (matches != 1) return at + ": matches " + std::to_string(matches) + " of oneOf";
  }
  if (value.is_object()) {
    for (const auto& key : schema.value("required", json::array())) {
      if (!value.contains(key.get<std::string>())) return at + ": missing " + key.get<std::string>();
    }
    const json properties = schema.value("properties", json::object());
    for (const auto& [key, child] : value.items()) {
      if (properties.contains(key)) {
        if (auto p = schema_problem(properties[key], child, root, fmt::format("{}/{}", at, key)); !p.empty()) return p;
      } else if (schema.contains("additionalProperties") && schema["additionalProperties"] == false) {
        return fmt::format("{}: unexpected key {}", at, key);
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>())
      return at + ": too few items";
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto p = schema_problem(schema["items"], value[i], root, at + "/" + std::to_string(i)); !p.empty()) return p;
    }
  }
  return {};
}

std::string schema_problem(const std::string& schema_name, const json& value) {
  const json schema = json::parse(*schema_text(schema_name));
  return schema_problem(schema, value, schema, "");
}

}  // namespace

TEST_CASE("CSV fields are quoted only when RFC 4180 needs it") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_number(16122.599999999999) == "16122.6");  // 180 h × $89.57 (a rate of 2025), without binary noise
  CHECK(csv_number(0) == "0");
  CHECK(csv_number(2.5e-5) == "2.5e-05");
}

TEST_CASE("CSV has one row per line item and its totals equal the JSON's") {
  for (const char* name : {"support-assistant-8b-lora.yaml", "low-volume-internal-tool.yaml", "legal-70b-qlora.yaml"}) {
    INFO(name);
    const Report report = example_report(name);
    const auto rows = parse_csv(render_csv(report));
    REQUIRE(rows.front() == std::vector<std::string>{"option", "stage", "item", "quantity", "unit", "unit_price_usd",
                                                     "price_source", "as_of", "one_time_usd", "monthly_usd",
                                                     "horizon_total_usd"});
    std::size_t line_items = 0;
    for (const auto& option : report.options) line_items += option.lines.size();
    REQUIRE(rows.size() == line_items + 1);

    std::map<std::string, double> one_time, monthly, total;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      REQUIRE(rows[i].size() == 11);
      one_time[rows[i][0]] += std::stod(rows[i][8]);
      monthly[rows[i][0]] += std::stod(rows[i][9]);
      total[rows[i][0]] += std::stod(rows[i][10]);
    }
    const json doc = report_to_json(report);
    for (const auto& option : doc["options"]) {
      const std::string id = option["id"];
      // 12 significant digits per field: equal to well under a cent.
      CHECK(one_time[id] == Approx(option["one_time_usd"].get<double>()).margin(0.01));
      CHECK(monthly[id] == Approx(option["monthly_usd"].get<double>()).margin(0.01));
      CHECK(total[id] == Approx(option["horizon_total_usd"].get<double>()).margin(0.01));
    }
  }
}

TEST_CASE("the Markdown summary has one row per option and marks the cheapest") {
  const Report report = example_report("support-assistant-8b-lora.yaml");
  const std::string md = render_markdown(report);
  CHECK(md.find("| Option | One-time | Monthly | Total over 24 months | Per 1k queries |") != std::string::npos);
  for (const auto& option : report.options) CHECK(md.find("| " + option.label) != std::string::npos);
  CHECK(md.find("(cheapest)") != std::string::npos);
  CHECK(md.find("Budget") == std::string::npos);  // no limits, no budget section
}

TEST_CASE("two options with the same label are told apart by their ids wherever they are named") {
  using pipeline_test::run_ftcost;
  // Two custom APIs without labels both read "API custom + few-shot"; two labelled ones keep theirs.
  const std::string scenario = "tests/fixtures/duplicate-options.yaml";
  const auto table = run_ftcost("estimate " + scenario);
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("vs API custom + few-shot (api:custom/1)\n") != std::string::npos);
  CHECK(table.out.find("vs API custom + few-shot (api:custom/2)\n") != std::string::npos);
  CHECK(run_ftcost("estimate " + scenario + " --explain")
            .out.find("Line items — API custom + few-shot (api:custom/2)\n") != std::string::npos);
  CHECK(table.out.find("vs Short prompt\n") != std::string::npos);  // a label of its own stays bare
  const auto md = run_ftcost("estimate " + scenario + " -f markdown");
  CHECK(md.out.find("| API custom + few-shot (api:custom/2) |") != std::string::npos);
  // Two written labels that are the same: the table's columns fall back to the ids' short forms.
  const auto same = run_ftcost("estimate " + scenario + " --set 'alternatives.managed_api[1].label=Short prompt'");
  CHECK(same.out.find("gpt-4o-mini/short-prompt   gpt-4o-mini/2") != std::string::npos);
  const auto diffed = run_ftcost("diff " + scenario + " " + scenario + " --set hosting.queries_per_month=200k");
  CHECK(diffed.out.find("API custom + few-shot (api:custom/2) [changed]") != std::string::npos);
  const auto budget = run_ftcost("check " + scenario + " --max-total 1M --budget-option api:custom/2");
  CHECK(budget.out.find("Budget for API custom + few-shot (api:custom/2): within budget") != std::string::npos);
}

TEST_CASE("JSON output matches schemas/estimate.schema.json, with and without a budget") {
  for (const char* name : {"support-assistant-8b-lora.yaml", "low-volume-internal-tool.yaml", "legal-70b-qlora.yaml"}) {
    INFO(name);
    const Report report = example_report(name);
    CHECK(schema_problem("estimate", report_to_json(report)) == "");
    RenderOptions options;
    BudgetLimits limits;
    limits.max_total_usd = 1000;
    limits.require_break_even_within_months = 12;
    options.budget = evaluate_budget(report, limits);
    options.overrides = {{"hosting.queries_per_month", "3M", "--set hosting.queries_per_month=3M"}};
    const json doc = report_to_json(report, options);
    CHECK(schema_problem("estimate", doc) == "");
    CHECK(doc["budget"]["exceeded"] == true);
    CHECK(doc["overrides"][0]["path"] == "hosting.queries_per_month");
  }
  // The checker itself rejects a wrong document.
  json bad = report_to_json(example_report("low-volume-internal-tool.yaml"));
  bad["options"][0]["kind"] = "mainframe";
  CHECK(schema_problem("estimate", bad) == "/options/0/kind: not in enum: \"mainframe\"");
}

TEST_CASE("the CLI's JSON with warnings, typed defaults and Monte Carlo inputs matches the schema") {
  // Stale, unverified and retiring prices (warnings with a price; the overlays date back the L40S
  // and retire Claude Haiku 4.5), and PERT and lognormal inputs.
  for (const char* name : {"support-assistant-8b-lora.yaml", "product-qa-high-volume.yaml"}) {
    INFO(name);
    const auto run = pipeline_test::run_ftcost(fmt::format(
        "estimate examples/{} -f json --today 2026-12-02 --catalog tests/fixtures/catalog/l40s-unverified.yaml "
        "--catalog tests/fixtures/catalog/haiku-retiring.yaml",
        name));
    REQUIRE(run.exit_code == 0);
    const json doc = json::parse(run.out);
    REQUIRE_FALSE(doc["warnings"].empty());
    CHECK(schema_problem("estimate", doc) == "");
  }
  // The checker refuses a warning left as free text, and a distribution left as a string.
  json bad = json::parse(pipeline_test::run_ftcost("estimate examples/product-qa-high-volume.yaml -f json --today "
                                                   "2026-12-02 --catalog tests/fixtures/catalog/haiku-retiring.yaml")
                             .out);
  bad["warnings"][0] = "price is old";
  CHECK(schema_problem("estimate", bad) == "/warnings/0: wrong type string");
  bad["warnings"] = json::array();
  bad["uncertainty"]["inputs"][0]["distribution"] = "PERT(1.5, 2.5, 5)";
  CHECK(schema_problem("estimate", bad) == "/uncertainty/inputs/0/distribution: matches 0 of oneOf");
}

TEST_CASE("the example scenarios match schemas/scenario.schema.json") {
  for (const char* name : {"support-assistant-8b-lora.yaml", "low-volume-internal-tool.yaml", "legal-70b-qlora.yaml"}) {
    INFO(name);
    const Document doc = load_document(std::string(FTCOST_SOURCE_DIR) + "/examples/" + name);
    CHECK(schema_problem("scenario", doc.root) == "");
  }
  // Every scenario fixture (the ones with a hosting section; the rest are price books) matches too.
  const std::string fixtures = std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(fixtures)) {
    if (entry.path().extension() != ".yaml") continue;
    const Document doc = load_document(entry.path().string());
    if (!doc.root.is_object() || !doc.root.contains("hosting")) continue;
    INFO(entry.path().string());
    CHECK(schema_problem("scenario", doc.root) == "");
  }
  const Document budget =
      load_document(std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/pipeline/budget-breached.yaml");
  CHECK(schema_problem("scenario", budget.root) == "");
  Document wrong = budget;
  wrong.root["hosting"]["queries_per_mnth"] = 1;
  CHECK(schema_problem("scenario", wrong.root) == "/hosting: unexpected key queries_per_mnth");
}

TEST_CASE("the schemas shipped in schemas/ are the ones compiled in") {
  for (const char* name : {"estimate", "scenario"}) {
    const std::string file = std::string(FTCOST_SOURCE_DIR) + "/schemas/" + name + ".schema.json";
    CHECK(pipeline_test::read_text(file) == *schema_text(name));
  }
}

TEST_CASE("the cumulative chart rings the end of a lead, which is no break-even, and dots a break-even") {
  // 2,000 hours of prompt engineering make the API dearer up front: self-hosting leads from the start
  // and its lead is spent in month 15.9 (estimate: month null, never breaks even); against Fireworks
  // it breaks even in month 0.7.
  const auto run = pipeline_test::run_ftcost(
      "chart examples/support-assistant-8b-lora.yaml --kind cumulative -o - --set "
      "'alternatives.managed_api[0].prompt_engineering_hours=2000'");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains(">lead spent: month 15.9<"));
  CHECK_THAT(run.out, Catch::Contains(">break-even: month 0.7<"));
  CHECK_THAT(run.out, Catch::Contains(">○ self-hosting&apos;s lead spent<"));
  CHECK_THAT(run.out, Catch::Contains(">● break-even<"));
  CHECK_THAT(run.out, Catch::Contains("fill=\"white\""));  // the ring
}
