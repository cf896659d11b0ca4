// `catalog import`: a LiteLLM-style price file becomes a working ftcost-catalog/1 price book.
#include <catch2/catch.hpp>

#include "ftcost/catalog/import.hpp"
#include "ftcost/catalog/load.hpp"
#include "ftcost/catalog/validate.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/report/staleness.hpp"
#include "ftcost/scenario/load.hpp"
#include "pipeline_support.hpp"

using namespace ftcost;

namespace {

const std::string litellm_file =
    std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/litellm/model_prices_and_context_window.json";

}  // namespace

TEST_CASE("a LiteLLM price file imports as per-1M API prices") {
  const LitellmImport result = import_litellm(load_document(litellm_file), shipped_catalog(), "2026-11-01");
  // Imported: gpt-4.1, acme/acme-chat-1, acme/acme-complete-1. Skipped: openai/gpt-4.1 (an alias of the
  // shipped gpt-4.1, already imported), the embedding model, the image model, and sample_spec.
  CHECK(result.imported == 3);
  CHECK(result.skipped.size() == 4);
  CHECK(result.skip_reasons.at("format documentation (sample_spec)") == 1);
  const auto& apis = result.overlay["apis"];
  REQUIRE(apis.size() == 3);
  const auto& acme = apis[0];
  CHECK(acme["id"] == "acme/acme-chat-1");
  CHECK(acme["vendor"] == "acme");
  CHECK(acme["usd_per_1m_input"] == 0.25);                // 2.5e-07 per token × 1e6
  CHECK(acme["usd_per_1m_output"] == 1.25);               // 1.25e-06 × 1e6
  CHECK_FALSE(acme.contains("usd_per_1m_cached_input"));  // none given: left out, not null
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

  // The example, compared against gpt-4.1 instead: its API lines now use the imported prices and date.
  std::string example =
      pipeline_test::read_text(std::string(FTCOST_SOURCE_DIR) + "/examples/support-assistant-8b-lora.yaml");
  const std::string api = "- model: claude-haiku-4.5";
  REQUIRE(example.find(api) != std::string::npos);
  example.replace(example.find(api), api.size(), "- model: gpt-4.1");
  const Report report = build_report(load_scenario(parse_document(example, "support.yaml"), catalog));
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

TEST_CASE("a slice of LiteLLM's published file imports whole, its date stamp skipped and counted") {
  const std::string slice = std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/litellm/published-slice.json";
  const Document doc = load_document(slice);
  // "last_updated": "2026-07-24T18:23:43+00:00" → the default as_of.
  CHECK(litellm_stamp_date(doc) == "2026-07-24");
  const LitellmImport result = import_litellm(doc, shipped_catalog(), litellm_stamp_date(doc));
  // 18 keys: sample_spec, 8 image_generation entries, 5 ai21 chat models, 3 amazon.nova chat models, last_updated.
  CHECK(result.imported == 8);
  CHECK(result.skipped.size() == 10);
  CHECK(result.skip_reasons.at("mode image_generation") == 8);
  CHECK(result.skip_reasons.at("format documentation (sample_spec)") == 1);
  CHECK(result.skip_reasons.at("not a model entry (last_updated)") == 1);
  CHECK(skip_summary(result.skip_reasons) ==
        "8 mode image_generation, 1 format documentation (sample_spec), 1 not a model entry (last_updated)");
  const auto& apis = result.overlay["apis"];
  REQUIRE(apis.size() == 8);
  CHECK(apis[0]["id"] == "ai21.j2-mid-v1");
  CHECK(apis[0]["usd_per_1m_input"] == 12.5);  // 1.25e-05 × 1e6
  CHECK(apis[0]["as_of"] == "2026-07-24");
  // Keys come out in name order: ai21.* first, then amazon.nova-2-lite, amazon.nova-2-pro, amazon.nova-lite.
  const auto& nova_pro = apis[6];
  CHECK(nova_pro["id"] == "amazon.nova-2-pro-preview-20251202-v1:0");
  CHECK(nova_pro["usd_per_1m_input"] == 2.1875);           // 2.1875e-06 × 1e6
  CHECK(nova_pro["usd_per_1m_cached_input"] == 0.546875);  // 5.46875e-07 × 1e6
  CHECK(nova_pro["usd_per_1m_output"] == 17.5);            // 1.75e-05 × 1e6
  // The result is a valid price book.
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document(result.overlay.dump(1), "litellm-prices.json"));
  CHECK(validate_catalog(catalog).empty());
}

TEST_CASE("a LiteLLM deprecation_date becomes the entry's deprecated date") {
  const Document doc = parse_document(
      "{\"old-chat\": {\"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06, \"mode\": \"chat\", "
      "\"deprecation_date\": \"2025-08-01\"}}",
      "prices.json");
  const LitellmImport result = import_litellm(doc, shipped_catalog(), "2026-01-01");
  REQUIRE(result.imported == 1);
  CHECK(result.overlay["apis"][0]["deprecated"] == "2025-08-01");
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document(result.overlay.dump(1), "p.json"));
  CHECK(catalog.find_api("old-chat")->source.deprecated == "2025-08-01");
  CHECK(validate_catalog(catalog).empty());
  CHECK(!validate_catalog(catalog, {}, true).empty());  // --strict
}

TEST_CASE("LiteLLM: a $0 model, an overflowing price, a deprecation_date or stamp that is no date") {
  // LiteLLM writes 0 for local and unpriced models (84 such chat keys in the published file of
  // 2026-07-24): imported, each was a free API.
  const Document zero = parse_document(
      R"({"ollama/llama3": {"input_cost_per_token": 0, "output_cost_per_token": 0, "mode": "chat"},
          "half-free": {"input_cost_per_token": 0, "output_cost_per_token": 1e-06, "mode": "chat"}})",
      "prices.json");
  const LitellmImport zeros = import_litellm(zero, shipped_catalog(), "2026-01-01");
  CHECK(zeros.imported == 1);
  CHECK(zeros.skip_reasons.at("input and output price 0 (local, free or unpriced)") == 1);
  // 1e300 per token is finite, but × 10⁶ per 1M it overflowed and was written as null: a free input.
  const Document huge =
      parse_document("{\"x\": {\"input_cost_per_token\": 1e300, \"output_cost_per_token\": 1e-06}}", "prices.json");
  CHECK_THROWS_AS(import_litellm(huge, shipped_catalog(), "2026-01-01"), InputError);
  // 1e200 per token was imported as $1e206 per million.
  const Document dear =
      parse_document("{\"x\": {\"input_cost_per_token\": 1e200, \"output_cost_per_token\": 1e-06}}", "prices.json");
  CHECK_THROWS_AS(import_litellm(dear, shipped_catalog(), "2026-01-01"), InputError);
  // 1e-300 per token rounded to $0 per million: a free input.
  const Document tiny =
      parse_document("{\"x\": {\"input_cost_per_token\": 1e-300, \"output_cost_per_token\": 1e-06}}", "prices.json");
  try {
    import_litellm(tiny, shipped_catalog(), "2026-01-01");
    FAIL("a price that rounds to $0 was imported");
  } catch (const InputError& error) {
    CHECK(error.field() == "x.input_cost_per_token");
    CHECK(error.problem() == "1e-300 per token rounds to $0 per million tokens");
  }
  // An entry without a cached price leaves the catalog's own: a null used to clear it.
  Catalog catalog = shipped_catalog();
  const ApiPrice* shipped = catalog.find_api("claude-haiku-4.5");
  REQUIRE(shipped);
  REQUIRE(shipped->usd_per_1m_cached_input);
  const double cached = *shipped->usd_per_1m_cached_input;
  const Document haiku = parse_document(
      R"({"claude-haiku-4-5": {"input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06, "mode": "chat"}})",
      "prices.json");
  merge_catalog(catalog, parse_document(import_litellm(haiku, catalog, "2026-01-01").overlay.dump(1), "imported.json"));
  CHECK(catalog.find_api("claude-haiku-4.5")->usd_per_1m_cached_input == cached);
  CHECK_THAT(catalog.find_api("claude-haiku-4.5")->source.note,
             Catch::Contains("kept from the catalog's entry (LiteLLM gives none)"));
  // Unless LiteLLM's new input price is below it: then it is dropped, not left above the input price.
  Catalog cheaper = shipped_catalog();
  const Document low = parse_document(
      R"({"claude-haiku-4-5": {"input_cost_per_token": 1e-08, "output_cost_per_token": 5e-06, "mode": "chat"}})",
      "prices.json");
  merge_catalog(cheaper, parse_document(import_litellm(low, cheaper, "2026-01-01").overlay.dump(1), "imported.json"));
  CHECK_FALSE(cheaper.find_api("claude-haiku-4.5")->usd_per_1m_cached_input);
  CHECK(validate_catalog(cheaper).empty());
  const Document dates = parse_document(
      R"({"last_updated": "yesterday",
          "m": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "deprecation_date": "soon"}})",
      "prices.json");
  CHECK(litellm_stamp_date(dates).empty());
  CHECK(litellm_stamp_text(dates) == "yesterday");
  const LitellmImport dated = import_litellm(dates, shipped_catalog(), "2026-01-01");
  CHECK_FALSE(dated.overlay["apis"][0].contains("deprecated"));
  REQUIRE(dated.bad_deprecation_dates.size() == 1);
  CHECK(dated.bad_deprecation_dates[0] == "m: 'soon'");
  CHECK(litellm_stamp_text(parse_document(R"({"last_updated": 12345})", "p.json")) == "12345");
}
