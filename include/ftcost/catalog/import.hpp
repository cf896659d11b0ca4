#pragma once
// `ftcost catalog import`: turn a LiteLLM-style model_prices_and_context_window.json (prices per
// token) into an `ftcost-catalog/1` price book with an `apis` section (prices per 1M tokens).
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

inline constexpr const char* litellm_source = "LiteLLM model_prices_and_context_window.json";

struct LitellmImport {
  nlohmann::ordered_json overlay;  // the price book, ready to write
  std::size_t imported = 0;
  std::vector<std::string> skipped;                 // "key: why", in file order
  std::map<std::string, std::size_t> skip_reasons;  // why → how many keys, for the summary line
  std::vector<std::string> bad_deprecation_dates;   // "key: 'text'" of a deprecation_date that is no date
};

// Text-generation entries (mode chat, completion or responses, or no mode) with both an input and an
// output price per token become API prices. A name the catalog already knows keeps the catalog's id, so
// the import updates the shipped entry instead of adding a twin. LiteLLM's `deprecation_date` becomes
// the entry's `deprecated`. Top-level keys that are not model entries (a `last_updated` stamp, any
// value that is not a mapping) and `sample_spec` are skipped and counted. Throws InputError
// (file:line: field) when a price is not a non-negative number.
LitellmImport import_litellm(const Document& doc, const Catalog& catalog, const std::string& as_of);

// The date of the file's top-level stamp ("last_updated": "2026-07-24T18:23:43+00:00" → "2026-07-24"):
// a key with "updated" in its name whose text starts with an ISO date. "" when there is none.
std::string litellm_stamp_date(const Document& doc);
// The stamp's text as the file writes it ("2026-07-24T18:23:43+00:00", "yesterday", "12345"), "" when the
// file has none: a stamp that is no date must be said, not replaced by the file's date unseen.
std::string litellm_stamp_text(const Document& doc);

// Summary of skips for the one stderr line: "8 mode image_generation, 1 not a model entry".
std::string skip_summary(const std::map<std::string, std::size_t>& reasons);

// The file's modification date (UTC) as "YYYY-MM-DD". Throws InputError when the file is missing.
std::string file_modification_date(const std::string& path);

}  // namespace ftcost
