#include "ftcost/catalog/import.hpp"
#include "ftcost/util/date.hpp"
#include "ftcost/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>

namespace ftcost {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Per-token price -> per-1M price, rounded to a millionth of a dollar so binary fractions such as
// 2.5e-06 × 1e6 = 2.4999999999999996 come out as 2.5.
double per_million(double per_token) { return std::round(per_token * 1e6 * 1e6) / 1e6; }
constexpr double max_price_per_token = 1.0;  // $1,000,000 per million tokens

class EntryPrices {
 public:
  EntryPrices(const Document& doc, const std::string& key, const json& entry) : doc_(doc), key_(key), entry_(entry) {}

  // Absent or null -> nullopt; anything but a non-negative number -> InputError at its line.
  std::optional<double> price(const char* field) const {
    if (!entry_.contains(field) || entry_.at(field).is_null()) return std::nullopt;
    const json& value = entry_.at(field);
    const auto where = doc_.locate(child_pointer(child_pointer("", key_), field));
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
      throw InputError(where, key_ + "." + field, "expected a price per token (a number ≥ 0)", "write e.g. 2.5e-06");
    }
    // A per-token price above $1 is no text model's (the dearest list at tens of dollars per million
    // tokens); as 1e300 it overflowed per 1M and was written as null, a free API.
    if (value.get<double>() > max_price_per_token) {
      throw InputError(where, key_ + "." + field,
                       fmt::format("{:g} per token is ${:g} per million tokens, not a price", value.get<double>(),
                                   value.get<double>() * 1e6),
                       "LiteLLM writes dollars per token, e.g. 2.5e-06 for $2.50 per million");
    }
    // A price above zero that rounds to $0.000000 per million would import as free.
    if (value.get<double>() > 0 && per_million(value.get<double>()) == 0) {
      throw InputError(where, key_ + "." + field,
                       fmt::format("{:g} per token rounds to $0 per million tokens", value.get<double>()),
                       "write 0 for a free price, or dollars per token such as 2.5e-06");
    }
    return per_million(value.get<double>());
  }
  std::string text(const char* field) const {
    if (!entry_.contains(field) || !entry_.at(field).is_string()) return {};
    return entry_.at(field).get<std::string>();
  }

 private:
  const Document& doc_;
  const std::string& key_;
  const json& entry_;
};

bool generates_text(const std::string& mode) {
  return mode.empty() || mode == "chat" || mode == "completion" || mode == "responses";
}

}  // namespace

LitellmImport import_litellm(const Document& doc, const Catalog& catalog, const std::string& as_of) {
  if (!doc.root.is_object()) {
    throw InputError(doc.locate(""), "(top level)", "expected a mapping of model name to prices",
                     "pass LiteLLM's model_prices_and_context_window.json");
  }
  LitellmImport result;
  ordered_json apis = ordered_json::array();
  std::set<std::string> seen;
  const std::string file = std::filesystem::path(doc.file).filename().string();
  auto skip = [&result](const std::string& key, const std::string& why, const std::string& detail = "") {
    result.skipped.push_back(fmt::format("{}: {}{}", key, why, detail));
    ++result.skip_reasons[why == "not a model entry" ? why + " (" + key + ")" : why];
  };
  for (const auto& [key, entry] : doc.root.items()) {
    if (key == "sample_spec") {  // LiteLLM's documentation of the format, not a model
      skip(key, "format documentation (sample_spec)");
      continue;
    }
    if (!entry.is_object()) {  // e.g. "last_updated": "2026-07-24T18:23:43+00:00"
      skip(key, "not a model entry", entry.is_string() ? " (" + entry.get<std::string>() + ")" : "");
      continue;
    }
    const EntryPrices prices(doc, key, entry);
    const std::string mode = prices.text("mode");
    if (!generates_text(mode)) {
      skip(key, "mode " + mode);
      continue;
    }
    const auto input = prices.price("input_cost_per_token");
    const auto output = prices.price("output_cost_per_token");
    const auto cached = prices.price("cache_read_input_token_cost");
    if (!input || !output) {
      skip(key, "no per-token input and output price");
      continue;
    }
    // LiteLLM writes 0 for local and unpriced models alike: a $0 API is no price to compare with.
    if (*input == 0 && *output == 0) {
      skip(key, "input and output price 0 (local, free or unpriced)");
      continue;
    }
    const ApiPrice* known = catalog.find_api(key);
    const std::string id = known ? known->id : lowercase(key);
    if (!seen.insert(id).second) {
      skip(key, "same catalog entry as an earlier key", " (" + id + ")");
      continue;
    }
    ordered_json api = {{"id", id}};
    const std::string vendor = prices.text("litellm_provider");
    if (!vendor.empty()) api["vendor"] = vendor;
    if (!known) api["name"] = key;
    api["usd_per_1m_input"] = *input;
    // LiteLLM giving no cached price says nothing about it: the catalog's own stays, unless LiteLLM's
    // new input price undercuts it (a cached price above the input price is no discount).
    std::string cached_note;
    if (cached) {
      api["usd_per_1m_cached_input"] = *cached;
    } else if (known && known->usd_per_1m_cached_input) {
      if (*known->usd_per_1m_cached_input <= *input) {
        cached_note = fmt::format("; cached input ${:g} kept from the catalog's entry (LiteLLM gives none)",
                                  *known->usd_per_1m_cached_input);
      } else {
        api["usd_per_1m_cached_input"] = nullptr;
        cached_note = fmt::format("; the catalog's cached input ${:g} dropped: above LiteLLM's input price",
                                  *known->usd_per_1m_cached_input);
      }
    }
    api["usd_per_1m_output"] = *output;
    api["source"] = litellm_source;
    api["as_of"] = as_of;
    const std::string deprecation = prices.text("deprecation_date");
    if (is_iso_date(deprecation)) {
      api["deprecated"] = deprecation;
    } else if (!deprecation.empty()) {
      result.bad_deprecation_dates.push_back(fmt::format("{}: '{}'", key, deprecation));
    }
    api["note"] = fmt::format("imported from {} (key '{}'{}) by ftcost catalog import; per-token prices × 1,000,000{}",
                              file, key, mode.empty() ? "" : ", mode " + mode, cached_note);
    apis.push_back(std::move(api));
    ++result.imported;
  }
  result.overlay = {{"format", "ftcost-catalog/1"},
                    {"note", fmt::format("API prices imported from {} ({}), as of {}", file, litellm_source, as_of)},
                    {"apis", std::move(apis)}};
  return result;
}

std::string litellm_stamp_date(const Document& doc) {
  if (!doc.root.is_object()) return {};
  for (const auto& [key, value] : doc.root.items()) {
    if (key.find("updated") == std::string::npos || !value.is_string()) continue;
    std::string date = value.get<std::string>().substr(0, 10);
    if (is_iso_date(date)) return date;
  }
  return {};
}

std::string litellm_stamp_text(const Document& doc) {
  if (!doc.root.is_object()) return {};
  for (const auto& [key, value] : doc.root.items()) {
    if (key.find("updated") == std::string::npos || value.is_object()) continue;
    return value.is_string() ? value.get<std::string>() : value.dump();
  }
  return {};
}

std::string skip_summary(const std::map<std::string, std::size_t>& reasons) {
  // Most frequent first; ties in name order.
  std::vector<std::pair<std::string, std::size_t>> sorted(reasons.begin(), reasons.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [why, count] : sorted) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", count, why);
  return out.empty() ? "none" : out;
}

std::string file_modification_date(const std::string& path) {
  std::error_code error;
  const auto written = std::filesystem::last_write_time(path, error);
  if (error)
    throw InputError({path, 0, 0}, "file", "cannot read its modification date: " + error.message(), "check the path");
  return iso_date(std::chrono::floor<std::chrono::days>(std::chrono::file_clock::to_sys(written)));
}

}  // namespace ftcost
