#include "ftcost/render/svg.hpp"

#include <fmt/format.h>

namespace ftcost {

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

SvgWriter::SvgWriter(int width, int height) : width_(width), height_(height) {}

void SvgWriter::rect(double x, double y, double w, double h, const std::string& fill, const std::string& stroke) {
  body_ +=
      fmt::format("  <rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" stroke=\"{}\"/>\n",
                  x, y, w, h, fill, stroke);
}

void SvgWriter::line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
                     const std::string& dash) {
  body_ += fmt::format(
      "  <line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"{:g}\"{}/>\n", x1,
      y1, x2, y2, stroke, width, dash.empty() ? "" : fmt::format(" stroke-dasharray=\"{}\"", dash));
}

void SvgWriter::polyline(const std::vector<std::pair<double, double>>& points, const std::string& stroke,
                         double width) {
  std::string coords;
  for (const auto& [x, y] : points) coords += fmt::format("{:.1f},{:.1f} ", x, y);
  if (!coords.empty()) coords.pop_back();
  body_ += fmt::format(
      "  <polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{:g}\" "
      "stroke-linejoin=\"round\"/>\n",
      coords, stroke, width);
}

void SvgWriter::circle(double cx, double cy, double r, const std::string& fill, const std::string& stroke) {
  body_ += fmt::format("  <circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:g}\" fill=\"{}\"{}/>\n", cx, cy, r, fill,
                       stroke.empty() ? "" : fmt::format(" stroke=\"{}\" stroke-width=\"1.5\"", stroke));
}

void SvgWriter::text(double x, double y, const std::string& content, double size, const std::string& anchor,
                     const std::string& fill, bool bold, double rotate) {
  body_ += fmt::format(
      "  <text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{:g}\" text-anchor=\"{}\" fill=\"{}\"{}{}>{}</text>\n", x, y, size,
      anchor, fill, bold ? " font-weight=\"bold\"" : "",
      rotate != 0 ? fmt::format(" transform=\"rotate({:g} {:.1f} {:.1f})\"", rotate, x, y) : "", xml_escape(content));
}

std::string SvgWriter::str() const {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
      "  <rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n"
      "{2}</svg>\n",
      width_, height_, body_);
}

}  // namespace ftcost
