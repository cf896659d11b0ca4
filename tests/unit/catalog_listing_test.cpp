// `catalog list` / `catalog show`: rows built in the library, rendered as table, JSON and CSV.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "ftcost/catalog/listing.hpp"
#include "ftcost/catalog/load.hpp"
#include "ftcost/render/catalog.hpp"

using namespace ftcost;

namespace {

std::size_t column_index(const CatalogTable& table, const std::string& name) {
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i] == name) return i;
  }
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("catalog list has one row per entry with the section's columns") {
  const Catalog& catalog = shipped_catalog();
  const CatalogTable gpus = list_section(catalog, "gpus");
  REQUIRE(gpus.rows.size() == catalog.gpus.size());
  const std::size_t id = column_index(gpus, "id");
  const std::size_t bf16 = column_index(gpus, "tflops_bf16");
  bool saw_h100 = false;
  for (const auto& row : gpus.rows) {
    if (row[id] == "h100-sxm") {
      saw_h100 = true;
      CHECK(row[bf16].get<double>() == Approx(catalog.find_gpu("h100-sxm")->peak_tflops(Precision::bf16).value()));
    }
    if (row[id] == "t4") CHECK(row[bf16].is_null());  // T4 has no bf16 tensor cores
  }
  CHECK(saw_h100);
  CHECK(list_section(catalog, "prices").rows.size() == catalog.gpu_prices.size());
  CHECK(list_section(catalog, "labor").rows.size() == catalog.labor.size());
  CHECK_THROWS_AS(list_section(catalog, "gpu"), InputError);
}

TEST_CASE("catalog show finds an entry by id or alias, case-insensitively, and lists ambiguity") {
  const Catalog& catalog = shipped_catalog();
  const CatalogEntryView by_alias = show_entry(catalog, "H100");  // an alias of h100-sxm
  CHECK(by_alias.section == "gpus");
  CHECK(by_alias.id == "h100-sxm");
  bool has_source = false;
  bool has_date = false;
  for (const auto& [name, value] : by_alias.fields) {
    has_source = has_source || (name == "source" && !value.get<std::string>().empty());
    has_date = has_date || (name == "as_of" && value == "2023-03-21");
  }
  CHECK(has_source);
  CHECK(has_date);
  // The GPU's page lists its prices, e.g. Lambda's on-demand $31.92 / 8 GPUs (data/gpu_prices.json).
  const auto& prices = by_alias.fields.back();
  REQUIRE(prices.first == "prices");
  CHECK(prices.second.size() == shipped_catalog().prices_for("h100-sxm").size());
  CHECK(prices.second[0] == "lambda/on_demand $3.99/GPU-h (as of 2026-07-09)");

  CHECK(show_entry(catalog, "h100-sxm@lambda/on_demand").section == "prices");
  CHECK(show_entry(catalog, "apis:gpt-4o").id == "gpt-4o");

  // "h100-" is no full name; it is part of three GPU ids and many price ids.
  try {
    show_entry(catalog, "h100-");
    FAIL("expected an ambiguity error");
  } catch (const InputError& error) {
    CHECK_THAT(error.problem(), Catch::Contains("ambiguous"));
    CHECK_THAT(error.fix(), Catch::Contains("gpus:h100-pcie"));
    CHECK_THAT(error.fix(), Catch::Contains("gpus:h100-sxm"));
  }
  CHECK_THROWS_AS(show_entry(catalog, "no-such-thing-at-all"), InputError);
}

TEST_CASE("catalog show reads a name as scenarios do: spaces and underscores for hyphens") {
  const auto found = find_entries(shipped_catalog(), "H100 SXM");
  REQUIRE(found.size() == 1);
  CHECK(found.front().id == "h100-sxm");
  CHECK(find_entries(shipped_catalog(), "rtx_4090").front().id == "rtx-4090");
  // An id that has underscores of its own still matches as written.
  CHECK(find_entries(shipped_catalog(), "training.multi_node_efficiency").front().id ==
        "training.multi_node_efficiency");
}

TEST_CASE("catalog listings render as JSON and RFC 4180 CSV") {
  CatalogTable table{"labor", {"id", "name", "usd_per_hour"}, {}};
  table.rows.push_back({"annotator", "Annotator, \"expert\"", 45.5});
  table.rows.push_back({"reviewer", nullptr, 60});

  const auto json = nlohmann::json::parse(render_catalog_table(table, "json"));
  CHECK(json["section"] == "labor");
  CHECK(json["entries"][0]["usd_per_hour"] == 45.5);
  CHECK(json["entries"][1]["name"].is_null());

  CHECK(render_catalog_table(table, "csv") ==
        "id,name,usd_per_hour\r\n"
        "annotator,\"Annotator, \"\"expert\"\"\",45.5\r\n"
        "reviewer,,60\r\n");
  CHECK(csv_field("plain") == "plain");

  const std::string text = render_catalog_table(table, "table");
  CHECK_THAT(text, Catch::Contains("reviewer   —"));
  CHECK_THAT(text, Catch::Contains("2 entries"));
}
