#include "ftcost/models/line_kind.hpp"

namespace ftcost {

namespace {

constexpr LineKind kind_at(std::size_t i) { return static_cast<LineKind>(i); }

// Evaluated at compile time: a kind whose line_kind_info has no case (and so no summary row) makes
// these not constant, and the build fails here.
constexpr bool every_kind_has_a_row() {
  for (std::size_t i = 0; i < line_kind_count; ++i) {
    if (row_index(line_kind_info(kind_at(i)).row) >= summary_row_count) return false;
  }
  return true;
}
static_assert(every_kind_has_a_row(), "every LineKind needs its entry in line_kind_info");

constexpr bool every_row_has_a_label() {
  for (std::size_t i = 0; i < summary_row_count; ++i) {
    if (summary_row_info(static_cast<SummaryRow>(i)).label.empty()) return false;
  }
  return true;
}
static_assert(every_row_has_a_label(), "every SummaryRow needs its entry in summary_row_info");

// Stage and item name a line in JSON, CSV and diff: no two kinds may share them.
constexpr bool stage_and_item_unique() {
  for (std::size_t i = 0; i < line_kind_count; ++i) {
    for (std::size_t j = i + 1; j < line_kind_count; ++j) {
      const LineKindInfo a = line_kind_info(kind_at(i));
      const LineKindInfo b = line_kind_info(kind_at(j));
      if (a.stage == b.stage && a.item == b.item) return false;
    }
  }
  return true;
}
static_assert(stage_and_item_unique(), "two line kinds share a stage and item");

}  // namespace

std::optional<LineKind> find_line_kind(std::string_view stage, std::string_view item) {
  for (std::size_t i = 0; i < line_kind_count; ++i) {
    const LineKindInfo info = line_kind_info(kind_at(i));
    if (info.stage == stage && info.item == item) return kind_at(i);
  }
  return std::nullopt;
}

}  // namespace ftcost
