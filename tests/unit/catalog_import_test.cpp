// `catalog import`: a LiteLLM-style price file becomes a working ftcost-catalog/1 price book.
#include <catch2/catch.hpp>

#include "ftcost/catalog/import.hpp"
#include "ftcost/catalog/load.hpp"
#include "ftcost/catalog/validate.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/report/staleness.hpp"
#include "ftcost/scenario/load.hpp"

using namespace ftcost;

namespace {

const std::string litellm_file =
    std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/litellm/model_prices_and_context_window.json";

}  // namespace

TEST_CASE("a LiteLLM price file imports as per-1M API prices") {
  const LitellmImport result = import_litellm(load_document(litellm_file), shipped_catalog(), "2026-11-01");
  // Imported: gpt-4.1, acme/acme-chat-1, acme/acme-complete-1. Skipped: openai/gpt-4.1 (an alias of the
  // shipped gpt-4.1, already imported), the embedding model, the image model; sample_spec is ignored.
  CHECK(result.imported == 3);
  CHECK(result.skipped.size() == 3);
  const auto& apis = result.overlay["apis"];
  REQUIRE(apis.size() == 3);
  const auto& acme = apis[0];
  CHECK(acme["id"] == "acme/acme-chat-1");
  CHECK(acme["vendor"] == "acme");
  CHECK(acme["usd_per_1m_input"] == 0.25);   // 2.5e-07 per token × 1e6
  CHECK(acme["usd_per_1m_output"] == 1.25);  // 1.25e-06 × 1e6
  CHECK(acme["usd_per_1m_cached_input"].is_null());
  CHECK(acme["source"] == "LiteLLM model_prices_and_context_window.json");
  CHECK(acme["as_of"] == "2026-11-01");
  const auto& gpt = apis[2];
  CHECK(gpt["id"] == "gpt-4.1");
  CHECK(gpt["usd_per_1m_cached_input"] == 0.375);  // 3.75e-07 × 1e6
}

TEST_CASE("the imported price book loads, validates and drives an estimate") {
  const LitellmImport result = import_litellm(load_document(litellm_file), shipped_catalog(), "2026-11-01");
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document(result.overlay.dump(1), "litellm-prices.json"));
  CHECK(validate_catalog(catalog).empty());
  REQUIRE(catalog.find_api("acme/acme-chat-1"));
  CHECK(catalog.find_api("gpt-4.1")->usd_per_1m_output == 6.0);
  CHECK(catalog.find_api("gpt-4.1")->name == "GPT-4.1");  // fields the import does not carry are kept

  // The example compares against gpt-4.1: its API lines now use the imported prices and date.
  const std::string example = std::string(FTCOST_SOURCE_DIR) + "/examples/support-assistant-8b-lora.yaml";
  const Report report = build_report(load_scenario_file(example, catalog));
  int imported_lines = 0;
  for (const auto& option : report.options) {
    for (const auto& line : option.lines) {
      if (line.price.id.rfind("gpt-4.1:", 0) != 0) continue;
      ++imported_lines;
      CHECK(line.price.source == litellm_source);
      CHECK(line.price.as_of == "2026-11-01");
      if (line.price.id == "gpt-4.1:output") CHECK(line.unit_price == 6.0);
      if (line.price.id == "gpt-4.1:input") CHECK(line.unit_price == 1.5);
    }
  }
  CHECK(imported_lines >= 2);
}

TEST_CASE("a malformed LiteLLM price names the file line and the model") {
  const Document doc = parse_document(
      "{\n"
      "  \"acme-1\": {\n"
      "    \"input_cost_per_token\": \"cheap\",\n"
      "    \"output_cost_per_token\": 1e-06\n"
      "  }\n"
      "}\n",
      "prices.json");
  try {
    import_litellm(doc, shipped_catalog(), "2026-11-01");
    FAIL("a text price was accepted");
  } catch (const InputError& error) {
    CHECK(error.where().line == 3);
    CHECK(error.field() == "acme-1.input_cost_per_token");
  }
  CHECK(days_since_epoch(file_modification_date(litellm_file)));
  CHECK_THROWS_AS(file_modification_date("/no/such/file.json"), InputError);
}
