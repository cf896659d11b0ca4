#include <algorithm>

#include "ftcost/report/report.hpp"

namespace ftcost {

SummaryRow summary_row(const CostLine& line) {
  const bool once = line.recurrence == Recurrence::one_time;
  if (line.stage == "data") return once ? SummaryRow{10, "Data preparation"} : SummaryRow{50, "Data refresh"};
  if (line.stage == "training") return once ? SummaryRow{20, "Training"} : SummaryRow{60, "Re-training and storage"};
  if (line.stage == "managed-finetune") {
    if (once) return {30, "Vendor fine-tuning"};
    if (line.item == "retraining") return {60, "Re-training and storage"};
    return {70, "Inference"};
  }
  if (line.stage == "api") return once ? SummaryRow{40, "Prompt engineering"} : SummaryRow{70, "Inference"};
  if (line.stage == "hosting") {
    if (line.item == "gpu-serving") return {70, "Inference"};
    return {80, "Operations and monitoring"};
  }
  return {once ? 45 : 90, once ? "Other one-time" : "Other monthly"};
}

std::size_t summary_row_slot(int order) {
  for (std::size_t i = 0; i < summary_row_slots; ++i) {
    if (summary_row_orders[i] == order) return i;
  }
  return summary_row_slots - 1;
}

std::string summary_row_label(std::size_t slot) {
  static const std::array<const char*, summary_row_slots> labels = {
      "Data preparation", "Training", "Vendor fine-tuning", "Prompt engineering", "Other one-time",
      "Data refresh", "Re-training and storage", "Inference", "Operations and monitoring", "Other monthly"};
  return labels.at(slot);
}

std::vector<PriceRef> prices_used(const Report& report) {
  std::vector<PriceRef> out;
  for (const auto& option : report.options) {
    for (const auto& line : option.lines) {
      if (line.price.id.empty() || line.price.id == "derived") continue;
      const bool seen = std::any_of(out.begin(), out.end(), [&](const PriceRef& p) { return p.id == line.price.id; });
      if (!seen) out.push_back(line.price);
    }
  }
  return out;
}

}  // namespace ftcost
