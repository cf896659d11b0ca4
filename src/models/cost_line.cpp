#include "ftcost/models/cost_line.hpp"

namespace ftcost {

std::string to_string(Recurrence recurrence) { return recurrence == Recurrence::one_time ? "one_time" : "monthly"; }

CostLine::CostLine(const PricedLine& priced)
    : kind(priced.kind),
      stage(line_kind_info(priced.kind).stage),
      item(line_kind_info(priced.kind).item),
      label(line_kind_info(priced.kind).label),
      quantity(priced.quantity),
      unit(line_kind_info(priced.kind).unit),
      unit_price(priced.unit_price),
      recurrence(recurrence_of(priced.kind)) {}

double ModelResult::one_time() const {
  double sum = 0;
  for (const auto& line : lines) {
    if (line.recurrence == Recurrence::one_time) sum += line.amount();
  }
  return sum;
}

double ModelResult::monthly() const {
  double sum = 0;
  for (const auto& line : lines) {
    if (line.recurrence == Recurrence::monthly) sum += line.amount();
  }
  return sum;
}

}  // namespace ftcost
