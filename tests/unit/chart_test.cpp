// The SVG charts read back as geometry (issue #13, deliverable 7): every break-even marker sits on
// the crossing of the two curves it compares and has the colour of the option it is against, the
// cumulative chart's x axis ends at the horizon, and legends keep whole labels.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/svg.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/uncertainty/monte_carlo.hpp"

using namespace ftcost;

namespace {

struct Point {
  double x, y;
};
struct Circle {
  double x, y;
  std::string fill;
};
struct Svg {
  std::vector<std::pair<std::string, std::vector<Point>>> polylines;  // stroke, points in file order
  std::vector<Circle> circles;
  std::vector<std::string> texts;
  std::string source;
};

Svg parse_svg(const std::string& text) {
  Svg svg;
  svg.source = text;
  const std::regex polyline(R"re(<polyline points="([^"]*)" fill="none" stroke="([^"]*)")re");
  const std::regex circle(R"re(<circle cx="([-0-9.]+)" cy="([-0-9.]+)" r="[^"]*" fill="([^"]*)")re");
  const std::regex text_element(R"re(<text [^>]*>([^<]*)</text>)re");
  for (std::sregex_iterator it(text.begin(), text.end(), polyline), end; it != end; ++it) {
    std::vector<Point> points;
    std::istringstream in((*it)[1].str());
    std::string pair;
    while (in >> pair) {
      const auto comma = pair.find(',');
      points.push_back({std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1))});
    }
    svg.polylines.emplace_back((*it)[2].str(), std::move(points));
  }
  for (std::sregex_iterator it(text.begin(), text.end(), circle), end; it != end; ++it) {
    svg.circles.push_back({std::stod((*it)[1].str()), std::stod((*it)[2].str()), (*it)[3].str()});
  }
  for (std::sregex_iterator it(text.begin(), text.end(), text_element), end; it != end; ++it) {
    svg.texts.push_back((*it)[1].str());
  }
  return svg;
}

// The polyline's y at x, by straight-line interpolation between its points.
std::optional<double> y_at(const std::vector<Point>& points, double x) {
  for (std::size_t i = 1; i < points.size(); ++i) {
    const Point a = points[i - 1], b = points[i];
    if (x < a.x || x > b.x) continue;
    if (b.x == a.x) return a.y;
    return a.y + (x - a.x) / (b.x - a.x) * (b.y - a.y);
  }
  return std::nullopt;
}

Report example_report(const std::string& name) {
  return build_report(load_scenario_file(std::string(FTCOST_SOURCE_DIR) + "/examples/" + name, shipped_catalog()));
}

const std::vector<std::string> examples = {"support-assistant-8b-lora.yaml", "legal-70b-qlora.yaml",
                                           "low-volume-internal-tool.yaml", "product-qa-high-volume.yaml"};

// Every marker lies on the self-hosted curve (the first polyline) and on the curve drawn in its own
// colour, which is not the self-hosted one: the crossing of the two options it compares.
void check_markers_on_crossings(const Svg& svg, std::size_t expected_markers) {
  REQUIRE(svg.polylines.size() >= 2);
  const auto& self = svg.polylines.front();
  CHECK(svg.circles.size() == expected_markers);
  std::map<std::string, int> fills;
  for (const Circle& c : svg.circles) {
    INFO("marker at " << c.x << "," << c.y << " fill " << c.fill);
    ++fills[c.fill];
    const auto other =
        std::find_if(svg.polylines.begin() + 1, svg.polylines.end(), [&](const auto& p) { return p.first == c.fill; });
    REQUIRE(other != svg.polylines.end());
    CHECK(c.fill != self.first);
    // On each curve, or on the step it takes there (self-hosting adds replicas with volume, and so
    // does a dedicated deployment, so a crossing can fall on a replica step): within the y its
    // points span at that x.
    for (const auto* curve : {&self.second, &other->second}) {
      double low = std::numeric_limits<double>::infinity(), high = -low;
      for (const Point& p : *curve) {
        if (std::fabs(p.x - c.x) > 0.5) continue;
        low = std::min(low, p.y);
        high = std::max(high, p.y);
      }
      if (const auto on_curve = y_at(*curve, c.x)) {
        low = std::min(low, *on_curve);
        high = std::max(high, *on_curve);
      }
      REQUIRE(low <= high);
      CHECK(c.y > low - 2.0);
      CHECK(c.y < high + 2.0);
    }
  }
  // One colour per alternative: no two markers share one unless they compare against the same option.
  for (const auto& [fill, count] : fills) CHECK(count == 1);
}

}  // namespace

TEST_CASE("volume chart: break-even markers on the plotted crossings, coloured per alternative", "[charts]") {
  for (const auto& name : examples) {
    INFO(name);
    const Report report = example_report(name);
    std::size_t expected = 0;
    for (const auto& be : report.break_even) expected += be.queries_per_month && *be.queries_per_month > 0;
    check_markers_on_crossings(parse_svg(render_chart(report, ChartKind::volume)), expected);
  }
}

TEST_CASE("cumulative chart: break-even markers on the crossings, and the x axis ends at the horizon", "[charts]") {
  for (const auto& name : examples) {
    INFO(name);
    const Report report = example_report(name);
    std::size_t expected = 0;
    for (const auto& be : report.break_even) {
      expected += be.month && *be.month > 0 && *be.month <= report.horizon_months;
    }
    const Svg svg = parse_svg(render_chart(report, ChartKind::cumulative));
    check_markers_on_crossings(svg, expected);
    // Each option is a straight line from month 0 to the horizon: its last point is the plot's right end,
    // and the x axis line (the horizontal axis-coloured line) ends there too.
    const std::regex axis(R"re(<line x1="([-0-9.]+)" y1="([-0-9.]+)" x2="([-0-9.]+)" y2="([-0-9.]+)" stroke="#444")re");
    double axis_right = 0;
    for (std::sregex_iterator it(svg.source.begin(), svg.source.end(), axis), end; it != end; ++it) {
      if ((*it)[2].str() == (*it)[4].str()) axis_right = std::max(axis_right, std::stod((*it)[3].str()));
    }
    CHECK(svg.polylines.front().second.back().x == Approx(axis_right).margin(0.05));
    // The last tick is labelled with the horizon itself.
    CHECK(std::find(svg.texts.begin(), svg.texts.end(), fmt::format("{:g}", report.horizon_months)) != svg.texts.end());
  }
}

TEST_CASE("chart legends keep whole labels, however long", "[charts]") {
  Report report = example_report("support-assistant-8b-lora.yaml");
  const std::string long_label = "GPT 4.1 with the long few-shot prompt the support team wrote in March";
  report.options[1].label = long_label;
  for (ChartKind kind : {ChartKind::cumulative, ChartKind::volume}) {
    const Svg svg = parse_svg(render_chart(report, kind));
    CHECK(svg.source.find("…") == std::string::npos);
    // The legend may wrap the label over several lines: its words, in order, make the label again.
    std::string joined;
    for (const auto& text : svg.texts) {
      if (long_label.find(text) != std::string::npos && text.size() > 3) joined += (joined.empty() ? "" : " ") + text;
    }
    CHECK(joined == long_label);
  }
}

TEST_CASE("the tornado keeps the option's label and every input's field name whole", "[charts]") {
  const Scenario scenario =
      load_scenario_file(std::string(FTCOST_SOURCE_DIR) + "/examples/product-qa-high-volume.yaml", shipped_catalog());
  Report report = build_report(scenario);
  report.sensitivity = run_sensitivity(scenario, report);
  const std::string long_label = "Self-hosted Llama 3.1 8B LoRA on two L40S replicas behind the support gateway";
  report.options[0].label = long_label;
  REQUIRE(report.sensitivity);
  REQUIRE_FALSE(report.sensitivity->horizon_cost.front().bars.empty());
  report.sensitivity->horizon_cost.front().bars.front().field =
      "alternatives.managed_finetune[0].usd_per_1m_training_tokens";
  const std::string svg = render_chart(report, ChartKind::tornado);
  CHECK(svg.find("…") == std::string::npos);
  CHECK(svg.find(long_label) != std::string::npos);
  // A field name longer than a line (44 characters) is wrapped: its pieces, in order, make it again.
  const Svg parsed = parse_svg(svg);
  for (const auto& bar : report.sensitivity->horizon_cost.front().bars) {
    std::string joined;
    for (const auto& text : parsed.texts) {
      if (bar.field.find(text) != std::string::npos && !text.empty()) joined += text;
    }
    INFO(bar.field);
    CHECK(joined.find(bar.field) != std::string::npos);
  }
}
