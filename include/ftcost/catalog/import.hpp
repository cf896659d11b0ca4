#pragma once
// `ftcost catalog import`: turn a LiteLLM-style model_prices_and_context_window.json (prices per
// token) into an `ftcost-catalog/1` price book with an `apis` section (prices per 1M tokens).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

inline constexpr const char* litellm_source = "LiteLLM model_prices_and_context_window.json";

struct LitellmImport {
  nlohmann::ordered_json overlay;     // the price book, ready to write
  std::size_t imported = 0;
  std::vector<std::string> skipped;   // "key: why", for the summary
};

// Text-generation entries (mode chat, completion or responses, or no mode) with both an input and an
// output price per token become API prices. A name the catalog already knows keeps the catalog's id, so
// the import updates the shipped entry instead of adding a twin. Throws InputError (file:line: field)
// when a price is not a non-negative number.
LitellmImport import_litellm(const Document& doc, const Catalog& catalog, const std::string& as_of);

// The file's modification date (UTC) as "YYYY-MM-DD". Throws InputError when the file is missing.
std::string file_modification_date(const std::string& path);

}  // namespace ftcost
