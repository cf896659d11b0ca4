// JSON price books are merged entry by entry as nlohmann's SAX parser reads them (json_book.cpp);
// what they give, and every error, must be what the tree path (parse_document + merge_catalog) gives.
#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <string>

#include "ftcost/catalog/load.hpp"

using namespace ftcost;

namespace {

// The error (file, line, column, field, problem, fix) as one line, or nullopt when merged.
std::optional<std::string> error_of(const std::function<void()>& merge) {
  try {
    merge();
  } catch (const InputError& error) {
    return error.where().file + ":" + std::to_string(error.where().line) + ":" + std::to_string(error.where().column) +
           " " + error.field() + ": " + error.problem() + " (" + error.fix() + ")";
  }
  return std::nullopt;
}

std::optional<std::string> streamed_error(const std::string& text) {
  Catalog catalog = shipped_catalog();
  auto error = error_of([&] { merge_catalog_text(catalog, text, "book.json"); });
  // A refused book leaves the catalog as it was.
  CHECK(catalog.gpu_prices.size() == shipped_catalog().gpu_prices.size());
  CHECK(catalog.labor.front().usd_per_hour == shipped_catalog().labor.front().usd_per_hour);
  return error;
}

std::optional<std::string> tree_error(const std::string& text) {
  Catalog catalog = shipped_catalog();
  return error_of([&] { merge_catalog(catalog, parse_document(text, "book.json")); });
}

const char* const entry = R"({"id": "data-engineer", "usd_per_hour": 99, "source": "s", "as_of": "2026-01-01"})";

}  // namespace

TEST_CASE("a JSON book merged from SAX events gives the values it states") {
  const std::string book = R"({
 "format": "ftcost-catalog/1",
 "note": {"why": ["nested", {"values": null}]},
 "gpus": [{"id": "X1", "aliases": ["X-One"], "memory_gb": 80, "memory_bandwidth_gb_s": 3000,
           "peak_dense_tflops": {"bf16": 900, "fp8": 1800}, "interconnect": {"kind": "nvlink", "gb_s": 900},
           "source": "s", "as_of": "2026-01-01"}],
 "gpu_prices": [{"gpu": "x-one", "provider": "NewCo", "basis": "spot", "usd_per_gpu_hour": 1.25,
                 "source": "s", "as_of": "2026-01-01"}],
 "labor": [)" + std::string(entry) +
                           R"(]
})";
  Catalog streamed = shipped_catalog();
  merge_catalog_text(streamed, book, "book.json");
  const GpuSpec* gpu = streamed.find_gpu("x-one");
  REQUIRE(gpu);
  CHECK(gpu->id == "x1");
  CHECK(gpu->peak_dense_tflops.at(Precision::bf16) == 900);
  CHECK(gpu->interconnect_gb_s == 900);
  const GpuPrice* price = select_gpu_price(streamed, "x1", "newco", "spot");  // named by its alias
  REQUIRE(price);
  CHECK(price->usd_per_gpu_hour == 1.25);
  CHECK(streamed.find_labor("data-engineer")->usd_per_hour == 99);
  CHECK(streamed.gpu_prices.size() == shipped_catalog().gpu_prices.size() + 1);

  Catalog tree = shipped_catalog();
  merge_catalog(tree, parse_document(book, "book.json"));
  CHECK(tree.gpus.size() == streamed.gpus.size());
  CHECK(tree.gpu_prices.back().gpu == streamed.gpu_prices.back().gpu);
}

TEST_CASE("a JSON book the stream does not take is reported exactly as by the tree path") {
  const char* const books[] = {
      // merge errors, with the field's line and column
      R"({"format": "ftcost-catalog/1", "labor": [
  {"id": "data-engineer",
   "usd_per_hour": -1, "source": "s", "as_of": "2026-01-01"}]})",
      R"({"format": "ftcost-catalog/1", "labor": [{"id": "x", "usd_per_hour": 1, "sorce": "s"}]})",
      R"({"format": "ftcost-catalog/1", "labor": [{"id": "data-engineer", "usd_per_hour": 1}]})",
      // shapes: not a list, not an entry, not a book, repeated keys, unknown or late format
      R"({"format": "ftcost-catalog/1", "labor": {}})",
      R"({"format": "ftcost-catalog/1", "labor": [1]})",
      R"([{"format": "ftcost-catalog/1"}])",
      R"({"format": "ftcost-catalog/1", "labor": [], "labor": []})",
      R"({"format": "ftcost-catalog/1", "labor": [{"id": "a", "id": "b"}]})",
      R"({"labor": [{"id": "data-engineer", "usd_per_hour": -1}], "format": "ftcost-catalog/2"})",
      R"({"format": "ftcost-catalog/1", "labour": []})",
      // syntax after an error the merge would find first; a number out of range
      R"({"format": "ftcost-catalog/1", "labor": [{"id": "x"}], )",
      R"({"format": "ftcost-catalog/1", "labor": [{"id": "x", "usd_per_hour": 1e999}]})",
  };
  for (const std::string book : books) {
    INFO(book);
    const auto expected = tree_error(book);
    REQUIRE(expected);
    CHECK(streamed_error(book) == expected);
  }
  // A NUL byte: nlohmann's lexer would end the input there.
  const std::string binary = std::string("{\"format\": \"ftcost-catalog/1\"}") + '\0';
  CHECK(streamed_error(binary) == tree_error(binary));
  CHECK(*streamed_error(binary) ==
        "book.json:0:0 : the input is binary, not YAML or JSON text (pass a .yaml or .json scenario)");
  // Worked out by hand: the error points at the key of the field on line 3, column 4.
  CHECK(*streamed_error(books[0]) == "book.json:3:4 labor[0].usd_per_hour: -1 is not allowed (use a value > 0)");
}

TEST_CASE("a null price is an error, not a free GPU or API") {
  // Read as absent, a null left a new entry at $0: the cheapest provider of all, chosen by default.
  const std::string gpu = R"({"format": "ftcost-catalog/1", "gpu_prices": [{"gpu": "h100-sxm", "provider": "cheapo",
 "basis": "on_demand", "usd_per_gpu_hour": null, "source": "s", "as_of": "2026-11-01"}]})";
  REQUIRE(streamed_error(gpu));
  CHECK(streamed_error(gpu) == tree_error(gpu));
  CHECK(*streamed_error(gpu) ==
        "book.json:2:24 gpu_prices[0].usd_per_gpu_hour: expected a number, got nothing (null) "
        "(write the value)");
  const std::string api = R"({"format": "ftcost-catalog/1", "apis": [{"id": "new-model", "usd_per_1m_input": null,
 "usd_per_1m_output": 2, "source": "s", "as_of": "2026-11-01"}]})";
  REQUIRE(streamed_error(api));
  CHECK_THAT(*streamed_error(api), Catch::Contains("apis[0].usd_per_1m_input: expected a number, got nothing"));
  // An empty provider named the default price with no name at all.
  const std::string nameless = R"({"format": "ftcost-catalog/1", "gpu_prices": [{"gpu": "a10g", "provider": "",
 "basis": "on_demand", "usd_per_gpu_hour": 0.5, "source": "s", "as_of": "2026-11-01"}]})";
  REQUIRE(streamed_error(nameless));
  CHECK_THAT(*streamed_error(nameless), Catch::Contains("gpu_prices[0].provider: is empty"));
  // An optional price may still be cleared with null.
  const std::string cached = R"({"format": "ftcost-catalog/1", "apis": [{"id": "new-model", "usd_per_1m_input": 1,
 "usd_per_1m_cached_input": null, "usd_per_1m_output": 2, "source": "s", "as_of": "2026-11-01"}]})";
  CHECK_FALSE(streamed_error(cached));
}

TEST_CASE("a JSON book in an order the merge does not take is merged through the tree") {
  // GPU prices before the GPUs they name: merged in section order (gpus first), as the tree path does.
  const std::string book = R"({"format": "ftcost-catalog/1",
 "gpu_prices": [{"gpu": "x-one", "provider": "newco", "basis": "on_demand", "usd_per_gpu_hour": 2, "source": "s", "as_of": "2026-01-01"}],
 "gpus": [{"id": "x1", "aliases": ["x-one"], "memory_gb": 80, "memory_bandwidth_gb_s": 3000, "peak_dense_tflops": {"bf16": 900}, "source": "s", "as_of": "2026-01-01"}]})";
  Catalog catalog = shipped_catalog();
  merge_catalog_text(catalog, book, "book.json");
  const GpuPrice* price = select_gpu_price(catalog, "x1", "newco", "on_demand");
  REQUIRE(price);
  CHECK(price->usd_per_gpu_hour == 2);
}

namespace {

bool same_catalog(const Catalog& a, const Catalog& b) {
  return a.gpus == b.gpus && a.gpu_prices == b.gpu_prices && a.models == b.models && a.apis == b.apis &&
         a.finetunes == b.finetunes && a.labor == b.labor && a.defaults == b.defaults;
}

}  // namespace

TEST_CASE("entries read field by field into reused slots give the tree path's catalog") {
  // Fields in a different order in every entry, a slot holding text in one entry and a number, null,
  // a list or nothing in the next, entries that change shipped ones, and one source text shared.
  const std::string book = R"({"format": "ftcost-catalog/1",
 "gpus": [{"id": "X1", "aliases": ["X-One", "xone"], "memory_gb": 80, "memory_bandwidth_gb_s": 3000,
           "peak_dense_tflops": {"bf16": 900, "fp8": 1800}, "source": "s", "as_of": "2026-01-01"}],
 "apis": [
  {"id": "A-1", "vendor": "V", "name": "a one", "usd_per_1m_input": 1, "usd_per_1m_output": 2,
   "usd_per_1m_cached_input": null, "source": "shared source text, longer than fifteen bytes", "as_of": "2026-01-01",
   "note": "first"},
  {"usd_per_1m_output": 4, "note": "second, whose note is long enough to live on the heap", "id": "a-2",
   "usd_per_1m_input": 3, "source": "shared source text, longer than fifteen bytes", "as_of": "2026-01-02",
   "usd_per_1m_cached_input": 0.5, "aliases": ["A2"]},
  {"source": "another source", "as_of": "2026-01-03", "id": "a-3", "usd_per_1m_input": 0, "usd_per_1m_output": 0,
   "verified": false, "deprecated": "2026-02-01"},
  {"id": "gpt-4.1", "usd_per_1m_input": 2.5, "source": "a new price", "as_of": "2026-03-01"}
 ],
 "labor": [{"usd_per_hour": 77, "id": "data-engineer", "as_of": "2026-01-01", "source": "s"}]
})";
  Catalog streamed = shipped_catalog();
  merge_catalog_text(streamed, book, "book.json");
  Catalog tree = shipped_catalog();
  merge_catalog(tree, parse_document(book, "book.json"));
  CHECK(same_catalog(streamed, tree));
  REQUIRE(streamed.find_api("a2"));
  CHECK(streamed.find_api("a2")->usd_per_1m_cached_input == 0.5);
  CHECK(streamed.find_api("a-1")->source.text == "shared source text, longer than fifteen bytes");
  CHECK(streamed.find_api("a-2")->source.note == "second, whose note is long enough to live on the heap");
  CHECK_FALSE(streamed.find_api("a-3")->source.verified);
  CHECK(streamed.find_api("gpt-4.1")->usd_per_1m_input == 2.5);
  CHECK(streamed.find_labor("data-engineer")->usd_per_hour == 77);
}

TEST_CASE("an entry read field by field names the same faulty field as the tree path") {
  std::string many_fields = R"({"format": "ftcost-catalog/1", "labor": [{"id": "x")";
  for (int i = 0; i < 40; ++i) many_fields += ", \"f" + std::to_string(i) + "\": 1";
  many_fields += "}]}";
  const std::string books[] = {
      // two unknown fields: the first in name order is reported, whatever the order written
      R"({"format": "ftcost-catalog/1", "labor": [{"zeta": 1, "id": "x", "alpha": 2}]})",
      // a field repeated after others
      R"({"format": "ftcost-catalog/1", "labor": [{"id": "x", "usd_per_hour": 1, "id": "y"}]})",
      // more fields than any section has
      many_fields,
      // the second entry fails after the first was read into the same slots
      R"({"format": "ftcost-catalog/1", "labor": [{"id": "a", "usd_per_hour": 1, "source": "s", "as_of": "2026-01-01"},
 {"id": "b", "usd_per_hour": "1", "source": "s", "as_of": "2026-01-01"}]})",
  };
  for (const std::string& book : books) {
    INFO(book);
    const auto expected = tree_error(book);
    REQUIRE(expected);
    CHECK(streamed_error(book) == expected);
  }
  CHECK(streamed_error(books[0])->find("labor[0].alpha: unknown field") != std::string::npos);
}
