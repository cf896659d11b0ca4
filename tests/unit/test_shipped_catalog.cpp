// The shipped catalog is generated as C++ at build time (tools/catalog-codegen.cpp). It must equal,
// field by field, what the price-book reader makes of data/*.json: this catches a field added to an
// entry type that the generator does not write, and any loss in the generated numbers or texts.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "ftcost/catalog/load.hpp"

using namespace ftcost;

TEST_CASE("the generated shipped catalog equals data/*.json as read by the price-book reader", "[catalog]") {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(FTCOST_SOURCE_DIR "/data")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // the build's file(GLOB) order
  Catalog parsed;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    Document doc;
    doc.file = path.string();
    doc.root = nlohmann::json::parse(text.str());
    merge_catalog(parsed, doc);
  }
  const Catalog& shipped = shipped_catalog();
  REQUIRE(!shipped.gpus.empty());
  CHECK(shipped.gpus == parsed.gpus);
  CHECK(shipped.gpu_prices == parsed.gpu_prices);
  CHECK(shipped.models == parsed.models);
  CHECK(shipped.apis == parsed.apis);
  CHECK(shipped.finetunes == parsed.finetunes);
  CHECK(shipped.labor == parsed.labor);
  CHECK(shipped.defaults == parsed.defaults);
}
