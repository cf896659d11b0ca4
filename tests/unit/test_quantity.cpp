#include <catch2/catch.hpp>

#include <limits>

#include "ftcost/models/formula.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"
#include "ftcost/util/suggest.hpp"

using namespace ftcost;

TEST_CASE("human quantities parse to plain numbers", "[quantity]") {
  CHECK(parse_quantity("7B").value == Approx(7e9));
  CHECK(parse_quantity("100k").value == Approx(1e5));
  CHECK(parse_quantity("1.5M").value == Approx(1.5e6));
  CHECK(parse_quantity("2T").value == Approx(2e12));
  CHECK(parse_quantity("30%").value == Approx(0.3));
  CHECK(parse_quantity("1_000_000").value == Approx(1e6));
  CHECK(parse_quantity("2e6").value == Approx(2e6));
  CHECK(parse_quantity("42").value == Approx(42));
  // As model names and papers write counts.
  CHECK(parse_quantity("7b").value == Approx(7e9));
  CHECK(parse_quantity("2t").value == Approx(2e12));
  CHECK(parse_quantity("7 billion").value == Approx(7e9));
  CHECK(parse_quantity("1.4 Trillion").value == Approx(1.4e12));
  CHECK(parse_quantity("300 million").value == Approx(3e8));
}

TEST_CASE("ambiguous or malformed quantities are refused with a reason", "[quantity]") {
  const auto milli = parse_quantity("10m");
  CHECK_FALSE(milli.value);
  CHECK_THAT(milli.problem, Catch::Contains("ambiguous"));
  CHECK_FALSE(parse_quantity("").value);
  CHECK_FALSE(parse_quantity("abc").value);
  CHECK_FALSE(parse_quantity("1.5.3k").value);
  CHECK_FALSE(parse_quantity("1e400").value);    // not finite
  CHECK_FALSE(parse_quantity("billion").value);  // a scale with no number
}

TEST_CASE("short quantities and money read naturally", "[quantity]") {
  CHECK(short_quantity(1.5e6) == "1.5M");
  CHECK(short_quantity(100000) == "100k");
  CHECK(short_quantity(7e9) == "7B");
  CHECK(short_quantity(950) == "950");
  CHECK(format_usd(1234567.4) == "$1,234,567");
  CHECK(format_usd(12.5) == "$12.50");
  CHECK(format_usd(0.0042) == "$0.0042");
  CHECK(format_usd(-2500) == "-$2,500");
  // Unit prices keep six significant digits and at least the cents, so quantity × price reproduces
  // the amount: a stored $0.175 is not shown as $0.18, nor $1.5484 as $1.55.
  CHECK(format_unit_price(101.739) == "$101.739");
  CHECK(format_unit_price(2039.5) == "$2,039.50");
  CHECK(format_unit_price(0.023) == "$0.023");
  CHECK(format_unit_price(0.175) == "$0.175");
  CHECK(format_unit_price(1.5484) == "$1.5484");
  CHECK(format_unit_price(2.95) == "$2.95");
  CHECK(format_unit_price(309248.1634) == "$309,248.16");
  CHECK(format_unit_price(28.433333333) == "$28.4333");
  // A range's two ends with the digits that tell them apart, the whole numbers past nine.
  CHECK(distinct_quantities(32.37e6, 32.43e6) == std::pair<std::string, std::string>{"32.37M", "32.43M"});
  CHECK(distinct_quantities(5.37e6, 5.48e6) == std::pair<std::string, std::string>{"5.37M", "5.48M"});
  CHECK(distinct_quantities(198454630001234.0, 198454630004321.0) ==
        std::pair<std::string, std::string>{"198,454,630,001,234", "198,454,630,004,321"});
  CHECK(count_text(107802) == "107,802");
  CHECK(count_text(0) == "0");
  CHECK(count_text(999) == "999");
  CHECK(count_text(1000) == "1,000");
  CHECK(count_text(-1234567) == "-1,234,567");
  CHECK(count_text(std::numeric_limits<long long>::min()) == "-9,223,372,036,854,775,808");
}

TEST_CASE("misspelt names get the nearest valid ones", "[suggest]") {
  const std::vector<std::string> gpus = {"a100-80gb", "h100-sxm", "h100-pcie", "l40s"};
  CHECK(edit_distance("h10", "h100") == 1);
  CHECK(nearest_names("h100-sx", gpus).front() == "h100-sxm");
  CHECK_THAT(suggestion_text("l40", gpus), Catch::Contains("'l40s'"));
  CHECK_THAT(suggestion_text("zzzzzzzzzz", gpus), Catch::StartsWith("expected one of"));
}

TEST_CASE("formulas compare by the text they read as, without formatting when pattern and values match") {
  auto at = [](double price) { return lazy_format("{:.2f} $/h × {}", price, ShortQuantity{8.03e9}); };
  CHECK(at(2.0) == at(2.0));
  CHECK_FALSE(at(2.0) == at(3.0));
  CHECK(at(2.0) == at(2.001));  // other values, the same text
  CHECK(at(2.0) == Formula(at(2.0).text()));
  CHECK(Formula("a") == Formula(std::string("a")));
  CHECK_FALSE(Formula("a") == lazy_format("{}", "b"));
}

TEST_CASE("a sweep's dollars and cents round as {:.2f} does, a half cent included", "[quantity]") {
  const auto cents = [](double usd) {
    fmt::memory_buffer out;
    append_cents(out, usd);
    return fmt::to_string(out);
  };
  for (const double usd : {0.0, 1234.5, -1234.567, 271297.43, 1e12 + 0.01, 36314.934999999998, 0.125, 2.675}) {
    INFO(usd);
    CHECK(cents(usd) == fmt::format("{:.2f}", usd));
  }
  // 36,314.934999… × 100 is 3,631,493.5 in doubles; the value itself is below the half cent.
  CHECK(cents(36314.934999999998) == "36314.93");
}
