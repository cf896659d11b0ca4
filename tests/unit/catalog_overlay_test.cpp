// Price books layered over the shipped catalog: one changed price changes exactly the lines that
// use it; broken overlays fail with file, line and field.
#include <catch2/catch.hpp>

#include <map>

#include "ftcost/catalog/load.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"

using namespace ftcost;

namespace {

const std::string fixtures = std::string(FTCOST_SOURCE_DIR) + "/tests/fixtures/";
const std::string example = std::string(FTCOST_SOURCE_DIR) + "/examples/support-assistant-8b-lora.yaml";

InputError overlay_error(const std::string& text) {
  Catalog catalog = shipped_catalog();
  try {
    merge_catalog(catalog, parse_document(text, "book.yaml"));
  } catch (const InputError& error) {
    return error;
  }
  FAIL("the overlay was accepted:\n" << text);
  return InputError({}, "", "");
}

}  // namespace

TEST_CASE("an overlay that changes one H100 price changes exactly the lines that use it") {
  const Report before = build_report(load_scenario_file(example, shipped_catalog()));
  const Catalog overlaid = catalog_with_overlays({fixtures + "catalog/h100-nebius-2usd.yaml"});
  const Report after = build_report(load_scenario_file(example, overlaid));

  // Only the one price moved; the same GPU at other providers did not.
  const GpuPrice* changed = select_gpu_price(overlaid, "h100-sxm", "nebius", "on_demand");
  REQUIRE(changed);
  CHECK(changed->usd_per_gpu_hour == 2.00);
  CHECK(changed->offering == "gpu-h100-sxm_1gpu-16vcpu-200gb");  // kept from the shipped entry
  CHECK(changed->source.note.empty());                           // the shipped note spoke of the shipped source
  REQUIRE(select_gpu_price(overlaid, "h100-sxm", "lambda", "on_demand"));
  CHECK(select_gpu_price(overlaid, "h100-sxm", "lambda", "on_demand")->usd_per_gpu_hour ==
        select_gpu_price(shipped_catalog(), "h100-sxm", "lambda", "on_demand")->usd_per_gpu_hour);
  CHECK(select_gpu_price(overlaid, "h100-sxm", "runpod", "on_demand")->usd_per_gpu_hour ==
        select_gpu_price(shipped_catalog(), "h100-sxm", "runpod", "on_demand")->usd_per_gpu_hour);
  CHECK(overlaid.gpu_prices.size() == shipped_catalog().gpu_prices.size());

  REQUIRE(before.options.size() == after.options.size());
  int changed_lines = 0;
  for (std::size_t o = 0; o < before.options.size(); ++o) {
    const auto& old_lines = before.options[o].lines;
    const auto& new_lines = after.options[o].lines;
    REQUIRE(old_lines.size() == new_lines.size());
    for (std::size_t i = 0; i < old_lines.size(); ++i) {
      CHECK(new_lines[i].quantity == Approx(old_lines[i].quantity));
      if (old_lines[i].price.id == "h100-sxm@nebius/on_demand") {
        ++changed_lines;
        // $2.95/GPU-h shipped (SkyPilot: $2.95/h for one GPU) -> $2.00 overlay; the amount follows quantity × $2.00.
        CHECK(old_lines[i].unit_price == 2.95);
        CHECK(new_lines[i].unit_price == 2.00);
        CHECK(new_lines[i].amount() == Approx(new_lines[i].quantity * 2.00));
        CHECK(new_lines[i].price.as_of == "2026-10-01");
      } else {
        CHECK(new_lines[i].unit_price == old_lines[i].unit_price);
        CHECK(new_lines[i].amount() == Approx(old_lines[i].amount()));
      }
    }
  }
  CHECK(changed_lines == 2);  // the training run and the periodic re-training
}

TEST_CASE("a scenario's price_book is resolved next to the scenario and applied") {
  const Document doc = load_document(fixtures + "scenario-with-price-book.yaml");
  const auto book = scenario_price_book(doc);
  REQUIRE(book);
  CHECK(*book == fixtures + "catalog/price-book.yaml");

  const Scenario scenario = load_scenario_file(fixtures + "scenario-with-price-book.yaml", shipped_catalog());
  const Report report = build_report(scenario);
  bool used_private_price = false;
  for (const auto& line : report.options.front().lines) {
    if (line.price.id == "l40s@our-colo/reserved_1y") {
      used_private_price = true;
      CHECK(line.unit_price == 0.50);
    }
  }
  CHECK(used_private_price);

  const Document missing = parse_document("version: 1\nname: x\nprice_book: no-such-book.yaml\n", "s.yaml");
  try {
    scenario_price_book(missing);
    FAIL("a missing price book was accepted");
  } catch (const InputError& error) {
    CHECK(error.where().line == 3);
    CHECK_THAT(error.problem(), Catch::Contains("no-such-book.yaml"));
  }

  const Document bad = parse_document("version: 1\nprice_book: 42\n", "s.yaml");
  try {
    scenario_price_book(bad);
    FAIL("a number was accepted as a price book path");
  } catch (const InputError& error) {
    CHECK(error.where().line == 2);
    CHECK(error.field() == "price_book");
  }
}

TEST_CASE("FTCOST_CATALOG splits on colons and skips empty parts") {
  CHECK(overlay_paths_from_env(nullptr).empty());
  CHECK(overlay_paths_from_env("") == std::vector<std::string>{});
  CHECK(overlay_paths_from_env("a.yaml") == std::vector<std::string>{"a.yaml"});
  CHECK(overlay_paths_from_env("a.yaml::/x/b.json:") == std::vector<std::string>{"a.yaml", "/x/b.json"});
}

TEST_CASE("broken overlays name file, line and field") {
  SECTION("wrong type") {
    const InputError e = overlay_error(
        "format: ftcost-catalog/1\n"
        "gpu_prices:\n"
        "  - gpu: h100-sxm\n"
        "    provider: lambda\n"
        "    basis: on_demand\n"
        "    usd_per_gpu_hour: cheap\n");
    CHECK(e.where().file == "book.yaml");
    CHECK(e.where().line == 6);
    CHECK(e.field() == "gpu_prices[0].usd_per_gpu_hour");
    CHECK_THAT(e.problem(), Catch::Contains("expected a number"));
  }
  SECTION("unknown section") {
    const InputError e = overlay_error("format: ftcost-catalog/1\ngpu_price:\n  - gpu: l4\n");
    CHECK(e.where().line == 2);
    CHECK(e.field() == "gpu_price");
    CHECK_THAT(e.fix(), Catch::Contains("gpu_prices"));
  }
  SECTION("unknown basis") {
    const InputError e = overlay_error(
        "format: ftcost-catalog/1\n"
        "gpu_prices:\n"
        "  - {gpu: l4, provider: gcp, basis: preemptible, usd_per_gpu_hour: 0.2, source: x, as_of: 2026-01-01}\n");
    CHECK(e.where().line == 3);
    CHECK(e.field() == "gpu_prices[0].basis");
    CHECK_THAT(e.problem(), Catch::Contains("preemptible"));
  }
  SECTION("new entry missing its source") {
    const InputError e = overlay_error(
        "format: ftcost-catalog/1\n"
        "apis:\n"
        "  - id: our-private-model\n"
        "    usd_per_1m_input: 1\n"
        "    usd_per_1m_output: 2\n"
        "    as_of: 2026-01-01\n");
    CHECK(e.where().line == 3);
    CHECK(e.field() == "apis[0].source");
    CHECK_THAT(e.problem(), Catch::Contains("required"));
  }
  SECTION("unknown precision") {
    const InputError e = overlay_error(
        "format: ftcost-catalog/1\n"
        "gpus:\n"
        "  - id: h100-sxm\n"
        "    peak_dense_tflops:\n"
        "      bf32: 1000\n");
    CHECK(e.where().line == 5);
    CHECK(e.field() == "gpus[0].peak_dense_tflops.bf32");
  }
  SECTION("a default outside what the models can take, each id by its own range") {
    // The exponent has a range of its own: the aspect ratio's (above 0, at most 1e5) does not cover
    // a longer name that starts with it.
    const InputError e = overlay_error(
        "format: ftcost-catalog/1\n"
        "defaults:\n"
        "  - {id: calibration.hidden_per_layer_exponent, value: 5, source: x, as_of: 2026-01-01}\n");
    CHECK(e.field() == "defaults[0].value");
    CHECK_THAT(e.problem(), Catch::Contains("5 is not a usable value for calibration.hidden_per_layer_exponent"));
    CHECK_THAT(e.fix(), Catch::Contains("at least -1 and at most 1"));
    const InputError batch = overlay_error(
        "format: ftcost-catalog/1\n"
        "defaults:\n"
        "  - {id: serving.max_batch_large_gpu, value: 0.5, source: x, as_of: 2026-01-01}\n");
    CHECK_THAT(batch.fix(), Catch::Contains("a whole number"));
    // FlashAttention-2's rate is a share of the fused kernel's: above 1 or at 0 it would switch the
    // term off unseen.
    for (const char* value : {"0", "1.5"}) {
      const InputError rate = overlay_error(std::string("format: ftcost-catalog/1\ndefaults:\n"
                                                        "  - {id: training.flash_attention_2_rate.hopper, value: ") +
                                            value + ", source: x, as_of: 2026-01-01}\n");
      CHECK_THAT(rate.problem(), Catch::Contains("is not a usable value for training.flash_attention_2_rate.hopper"));
    }
  }
  SECTION("a date that is not ISO") {
    const InputError e = overlay_error(
        "format: ftcost-catalog/1\n"
        "labor:\n"
        "  - id: annotator-general\n"
        "    usd_per_hour: 30\n"
        "    as_of: 1/2/2026\n");
    CHECK(e.where().line == 5);
    CHECK(e.field() == "labor[0].as_of");
  }
}

TEST_CASE("a changed value needs its own source and date — names may be aliases") {
  SECTION("changing a price without saying where it comes from") {
    const InputError e = overlay_error(
        "format: ftcost-catalog/1\n"
        "gpu_prices:\n"
        "  - {gpu: h100-sxm, provider: lambda, basis: on_demand, usd_per_gpu_hour: 2.5}\n");
    CHECK(e.where().line == 3);
    CHECK(e.field() == "gpu_prices[0].source");
    CHECK_THAT(e.problem(), Catch::Contains("changes a value"));
  }
  SECTION("renaming or re-noting an entry needs no source") {
    Catalog catalog = shipped_catalog();
    merge_catalog(catalog, parse_document("format: ftcost-catalog/1\n"
                                          "apis:\n"
                                          "  - {id: gpt-4o, name: Our GPT-4o, note: via our gateway}\n",
                                          "book.yaml"));
    CHECK(catalog.find_api("gpt-4o")->name == "Our GPT-4o");
    CHECK(catalog.find_api("gpt-4o")->source.as_of == shipped_catalog().find_api("gpt-4o")->source.as_of);
  }
  SECTION("an alias names the existing entry, which keeps its id") {
    Catalog catalog = shipped_catalog();
    merge_catalog(
        catalog, parse_document("format: ftcost-catalog/1\n"
                                "gpu_prices:\n"
                                "  - {gpu: h100, provider: lambda, basis: on_demand, usd_per_gpu_hour: 2.5,\n"
                                "     source: our quote, as_of: 2026-11-01}\n"
                                "apis:\n"
                                "  - {id: openai/gpt-4o, usd_per_1m_output: 9, source: our quote, as_of: 2026-11-01}\n",
                                "book.yaml"));
    CHECK(catalog.gpu_prices.size() == shipped_catalog().gpu_prices.size());
    CHECK(select_gpu_price(catalog, "h100-sxm", "lambda", "on_demand")->usd_per_gpu_hour == 2.5);
    CHECK(catalog.apis.size() == shipped_catalog().apis.size());
    CHECK(catalog.find_api("gpt-4o")->id == "gpt-4o");
    CHECK(catalog.find_api("gpt-4o")->usd_per_1m_output == 9);
    CHECK(catalog.find_api("gpt-4o")->usd_per_1m_input == 2.5);  // unchanged
  }
  SECTION("aliases given or changed earlier in the same book name that entry further on") {
    // The merge indexes ids and aliases as it goes (a book of thousands of entries would otherwise
    // compare each with all before it); an entry it changes is indexed again.
    Catalog catalog = shipped_catalog();
    merge_catalog(catalog,
                  parse_document("format: ftcost-catalog/1\n"
                                 "apis:\n"
                                 "  - {id: acme-1, aliases: [acme], usd_per_1m_input: 1, usd_per_1m_output: 2,\n"
                                 "     source: s, as_of: 2026-11-01}\n"
                                 "  - {id: acme, usd_per_1m_output: 3, source: s, as_of: 2026-11-02}\n"
                                 "  - {id: gpt-4o, aliases: [our-4o], name: Ours}\n"
                                 "  - {id: our-4o, usd_per_1m_output: 7, source: s, as_of: 2026-11-03}\n",
                                 "book.yaml"));
    CHECK(catalog.apis.size() == shipped_catalog().apis.size() + 1);  // acme-1 only
    CHECK(catalog.find_api("acme-1")->usd_per_1m_input == 1);
    CHECK(catalog.find_api("acme-1")->usd_per_1m_output == 3);
    CHECK(catalog.find_api("gpt-4o")->usd_per_1m_output == 7);
    CHECK(catalog.find_api("gpt-4o")->name == "Ours");
  }
  SECTION("an alias an update takes away names nothing further on; one it keeps still names the entry") {
    Catalog catalog = shipped_catalog();
    merge_catalog(catalog, parse_document("format: ftcost-catalog/1\n"
                                          "apis:\n"
                                          "  - {id: acme-1, aliases: [acme, acme-one], usd_per_1m_input: 1,\n"
                                          "     usd_per_1m_output: 2, source: s, as_of: 2026-11-01}\n"
                                          "  - {id: acme-1, aliases: [acme-one], name: Acme One}\n"
                                          "  - {id: acme-one, name: Acme One again}\n"
                                          "  - {id: acme, usd_per_1m_input: 5, usd_per_1m_output: 6, source: s,\n"
                                          "     as_of: 2026-11-02}\n",
                                          "book.yaml"));
    CHECK(catalog.apis.size() == shipped_catalog().apis.size() + 2);  // acme-1 and a new acme
    CHECK(catalog.find_api("acme-1")->name == "Acme One again");
    CHECK(catalog.find_api("acme-1")->usd_per_1m_input == 1);
    CHECK(catalog.find_api("acme")->id == "acme");
    CHECK(catalog.find_api("acme")->usd_per_1m_input == 5);
  }
}

TEST_CASE("a misspelt field in a price book is an error with a suggestion") {
  const InputError e = overlay_error(
      "format: ftcost-catalog/1\n"
      "gpu_prices:\n"
      "  - gpu: h100-sxm\n"
      "    provider: lambda\n"
      "    basis: on_demand\n"
      "    usd_per_gpu_hr: 2.5\n");
  CHECK(e.where().line == 6);
  CHECK(e.field() == "gpu_prices[0].usd_per_gpu_hr");
  CHECK(e.problem() == "unknown field");
  CHECK_THAT(e.fix(), Catch::Contains("usd_per_gpu_hour"));
}

TEST_CASE("a GPU's interconnect peers and PCIe rate are checked where the book gives them") {
  const InputError one = overlay_error(R"(format: ftcost-catalog/1
gpus:
  - id: a40
    interconnect: {kind: nvlink3, gb_s: 112.5, peers: 1}
    source: a test
    as_of: 2026-12-02
)");
  CHECK(one.field() == "gpus[0].interconnect.peers");
  const InputError pcie = overlay_error(R"(format: ftcost-catalog/1
gpus:
  - id: a40
    interconnect: {kind: nvlink3, gb_s: 112.5, peers: 2, pcie_gb_s: -64}
    source: a test
    as_of: 2026-12-02
)");
  CHECK(pcie.field() == "gpus[0].interconnect.pcie_gb_s");
  Catalog catalog = shipped_catalog();
  merge_catalog(catalog, parse_document(R"(format: ftcost-catalog/1
gpus:
  - id: a40
    interconnect: {kind: nvlink3, gb_s: 112.5, peers: 4, pcie_gb_s: 64}
    source: a four-way bridge, for the test
    as_of: 2026-12-02
)",
                                        "book.yaml"));
  CHECK(catalog.find_gpu("a40")->interconnect_peers == 4);
}
