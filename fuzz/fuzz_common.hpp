#pragma once
// Shared by the fuzz targets: run an input the way `ftcost estimate` does. InputError is the one
// expected outcome for bad input; anything else (another exception, a crash, a sanitizer report,
// a non-finite number in the output) is a finding.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/table.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/document.hpp"
#include "ftcost/util/error.hpp"

namespace ftcost::fuzz {

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Renders the report both ways; aborts when a total is not finite (the report must refuse those).
inline void render_and_check(const Report& report) {
  for (const auto& option : report.options) {
    if (!std::isfinite(option.totals.horizon_total) || !std::isfinite(option.totals.one_time) ||
        !std::isfinite(option.totals.monthly)) {
      std::abort();
    }
  }
  RenderOptions explain;
  explain.explain = true;
  [[maybe_unused]] const std::string table = render_table(report, explain);
  [[maybe_unused]] const std::string json = render_json(report);
}

// A parsed scenario's report against `catalog`, or nullopt when the scenario is refused (its error
// located in the document, as the CLI does).
inline std::optional<Report> report_of(const Document& doc, const Catalog& catalog) {
  try {
    return build_report(load_scenario(doc, catalog));
  } catch (const InputError& error) {
    [[maybe_unused]] const InputError located = locate_in(error, doc);
    return std::nullopt;
  }
}

// A parsed scenario through loading, every cost model, the report and both renderers, against `catalog`.
inline void run_document(const Document& doc, const Catalog& catalog) {
  if (const auto report = report_of(doc, catalog)) render_and_check(*report);
}

// Scenario text through the whole pipeline against `catalog`.
inline void run_scenario(const std::string& text, const std::string& name, const Catalog& catalog) {
  try {
    run_document(parse_document(text, name), catalog);
  } catch (const InputError&) {
  }
}

}  // namespace ftcost::fuzz
