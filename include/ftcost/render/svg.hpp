#pragma once
// A very small SVG writer (no dependencies) and the three charts built on it: cumulative cost over
// the horizon with the break-even crossings, monthly cost against monthly volume on log axes, and
// the tornado of the sensitivity analysis.
#include <string>
#include <utility>
#include <vector>

#include "ftcost/report/report.hpp"

namespace ftcost {

class SvgWriter {
 public:
  SvgWriter(int width, int height);

  void rect(double x, double y, double w, double h, const std::string& fill, const std::string& stroke = "none");
  void line(double x1, double y1, double x2, double y2, const std::string& stroke, double width = 1,
            const std::string& dash = "");
  void polyline(const std::vector<std::pair<double, double>>& points, const std::string& stroke, double width = 2);
  // `stroke` "" = no outline.
  void circle(double cx, double cy, double r, const std::string& fill, const std::string& stroke = "");
  // anchor: start, middle or end.
  void text(double x, double y, const std::string& content, double size = 12, const std::string& anchor = "start",
            const std::string& fill = "#222", bool bold = false, double rotate = 0);

  std::string str() const;  // the whole document

 private:
  int width_;
  int height_;
  std::string body_;
};

// Escapes &, <, >, " and ' for XML text and attributes.
std::string xml_escape(const std::string& text);

enum class ChartKind { cumulative, volume, tornado };
ChartKind parse_chart_kind(const std::string& name);  // throws InputError for an unknown name

// The colour of the report's option at `option_index` in every chart (and the HTML report's key).
const std::string& chart_color(std::size_t option_index);

inline constexpr int chart_width = 900;
inline constexpr int chart_height = 540;

// `option` picks the tornado's option (default: the self-hosted one). The tornado needs
// report.sensitivity; throws InputError when the scenario has no ranges.
std::string render_chart(const Report& report, ChartKind kind, const std::string& option = "");

}  // namespace ftcost
