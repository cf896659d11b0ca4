#include "ftcost/models/cost_line.hpp"

namespace ftcost {

std::string to_string(Recurrence recurrence) {
  return recurrence == Recurrence::one_time ? "one_time" : "monthly";
}

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
