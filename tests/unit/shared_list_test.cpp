// SharedList: copies share one vector until one of them is changed; a catalog copied for a price
// book must behave exactly like a deep copy.
#include <catch2/catch.hpp>

#include <string>

#include "ftcost/catalog/load.hpp"
#include "ftcost/util/document.hpp"
#include "ftcost/util/shared_list.hpp"

using namespace ftcost;

TEST_CASE("a shared list copies without copying, and a change stays in the list it was made to") {
  SharedList<std::string> original{"a", "b"};
  const SharedList<std::string> copy = original;
  CHECK(&copy.view() == &original.view());  // one vector until a change
  original.push_back("c");
  CHECK(&copy.view() != &original.view());
  CHECK(copy.size() == 2);
  CHECK(original.size() == 3);
  original[0] = "z";  // non-const access: the list's own vector, not the copy's
  CHECK(copy[0] == "a");
  CHECK(original[0] == "z");
  // Equal contents compare equal, shared or not.
  SharedList<std::string> again{"a", "b"};
  CHECK(again == copy);
  CHECK_FALSE(again == original);
  // Moved from: empty, still usable.
  SharedList<std::string> moved = std::move(again);
  CHECK(moved.size() == 2);
  CHECK(again.empty());  // NOLINT(bugprone-use-after-move): the state a moved-from list promises
  again.push_back("x");
  CHECK(again.size() == 1);
}

TEST_CASE("a price book merged over a copy of the shipped catalog leaves the shipped catalog as it was") {
  const Catalog& shipped = shipped_catalog();
  const std::size_t prices = shipped.gpu_prices.size();
  const double first_default = shipped.defaults[0].value;
  Catalog merged = shipped;
  Document book;
  book.file = "book.json";
  book.root = nlohmann::json::parse(R"({"format": "ftcost-catalog/1",
    "gpu_prices": [{"gpu": "h100-sxm", "provider": "my-cloud", "basis": "on_demand", "kind": "instance",
                    "usd_per_gpu_hour": 1.23, "source": "our contract", "as_of": "2026-12-01"}],
    "defaults": [{"id": "training.mfu.default", "value": 0.3, "source": "our runs", "as_of": "2026-12-01"}]})");
  merge_catalog(merged, book);
  CHECK(merged.gpu_prices.size() == prices + 1);
  CHECK(shipped.gpu_prices.size() == prices);
  CHECK(shipped.defaults[0].value == first_default);
  CHECK(merged.find_default("training.mfu.default")->value == 0.3);
  CHECK(shipped.find_default("training.mfu.default")->value != 0.3);
  // Sections the book does not touch stay shared.
  CHECK(&merged.models.view() == &shipped.models.view());
  CHECK(&merged.gpu_prices.view() != &shipped.gpu_prices.view());
}

TEST_CASE("a price book refused part-way leaves the catalog it was merged into as it was") {
  Catalog catalog = shipped_catalog();
  const std::size_t prices = catalog.gpu_prices.size();
  Document book;
  book.file = "book.json";
  // The first price is good; the second has no source, so the book is refused at it.
  book.root = nlohmann::json::parse(R"({"format": "ftcost-catalog/1",
    "gpu_prices": [{"gpu": "h100-sxm", "provider": "my-cloud", "basis": "on_demand", "kind": "instance",
                    "usd_per_gpu_hour": 1.23, "source": "our contract", "as_of": "2026-12-01"},
                   {"gpu": "a100-80gb", "provider": "my-cloud", "basis": "on_demand", "kind": "instance",
                    "usd_per_gpu_hour": 0.99, "as_of": "2026-12-01"}]})");
  CHECK_THROWS_AS(merge_catalog(catalog, book), InputError);
  CHECK(catalog.gpu_prices.size() == prices);
  CHECK(catalog == shipped_catalog());
}
