// Stale prices: dated catalog prices older than the limit raise warnings, measured from an
// injected "today" so the tests do not depend on the clock.
#include <catch2/catch.hpp>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/report/staleness.hpp"
#include "ftcost/scenario/load.hpp"

using namespace ftcost;

TEST_CASE("ISO dates convert to day numbers and reject impossible dates") {
  CHECK(days_since_epoch("1970-01-01") == 0);
  CHECK(days_since_epoch("1970-02-01") == 31);
  CHECK(days_since_epoch("2024-03-01").value() - days_since_epoch("2024-02-28").value() == 2);  // leap year
  CHECK(days_since_epoch("2023-03-01").value() - days_since_epoch("2023-02-28").value() == 1);
  CHECK_FALSE(days_since_epoch("2023-02-29"));
  CHECK_FALSE(days_since_epoch("2023-13-01"));
  CHECK_FALSE(days_since_epoch("01/02/2023"));
  CHECK_FALSE(days_since_epoch(""));
  CHECK(days_since_epoch(today_iso()));
}

TEST_CASE("prices older than the limit are flagged, one warning per source and date") {
  const std::vector<PriceRef> prices = {
      {"gpt-x:input", "Vendor page", "2025-01-01"},
      {"gpt-x:output", "Vendor page", "2025-01-01"},
      {"h100@x/on_demand", "Cloud page", "2025-11-01"},
      {"scenario", "hosting.usd_per_gpu_hour in s.yaml", ""},  // the user's own value: no date
  };
  // 2026-01-01 - 2025-01-01 = 365 days: not older than 365, so no warning.
  CHECK(stale_price_warnings(prices, "2026-01-01", 365).empty());
  // 2026-01-02: 366 days > 365 for the vendor page; the cloud page is 62 days old.
  const auto warnings = stale_price_warnings(prices, "2026-01-02", 365);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].code == "stale_price");
  REQUIRE(warnings[0].prices.size() == 2);
  CHECK(warnings[0].prices[1].id == "gpt-x:output");
  CHECK(warnings[0].prices[0].as_of == "2025-01-01");
  CHECK(warnings[0].message ==
        "prices gpt-x:input, gpt-x:output are 366 days old (as of 2025-01-01; limit 365 days); check and override "
        "with --catalog");
  // A 30-day limit catches the cloud price too (62 days).
  const auto strict = stale_price_warnings(prices, "2026-01-02", 30);
  REQUIRE(strict.size() == 2);
  CHECK_THAT(strict[1].message, Catch::StartsWith("price h100@x/on_demand is 62 days old"));
}

TEST_CASE("an estimate's JSON carries price as-of dates and a warnings array") {
  const std::string example = std::string(FTCOST_SOURCE_DIR) + "/examples/support-assistant-8b-lora.yaml";
  Report report = build_report(load_scenario_file(example, shipped_catalog()));
  // Far in the future every dated price is stale; at the 1970 epoch none is.
  report.warnings = stale_price_warnings(prices_used(report), "2100-01-01", 365);
  CHECK_FALSE(report.warnings.empty());
  const auto json = report_to_json(report);
  CHECK(json["warnings"].size() == report.warnings.size());
  CHECK(json["options"][0]["lines"][0]["price"].contains("as_of"));
  CHECK(stale_price_warnings(prices_used(report), "1970-01-01", 365).empty());
}
