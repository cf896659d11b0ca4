#pragma once
// What every cost model returns: line items whose amount is always quantity × unit price, each
// price traced to its source, plus the intermediate values (derivations) that explain them.
#include <string>
#include <string_view>
#include <vector>

#include "ftcost/catalog/price_ref.hpp"
#include "ftcost/models/formula.hpp"
#include "ftcost/util/shared_string.hpp"

namespace ftcost {

enum class Recurrence { one_time, monthly };
std::string to_string(Recurrence recurrence);

struct CostLine {
  std::string stage;  // data, training, hosting, api, managed-finetune
  std::string item;   // short stable key: "annotation", "gpu-compute", ...
  std::string label;  // what a person reads: "Annotation labour"
  double quantity = 0;
  std::string unit;  // "GPU-hour", "hour", "1M tokens", "example", "GB-month", "month"
  double unit_price = 0;
  PriceRef price;
  Recurrence recurrence = Recurrence::one_time;
  Formula formula;  // how the quantity was worked out, with the inputs filled in

  double amount() const { return quantity * unit_price; }
};

// An intermediate value a model worked out, shown by --explain. Name and unit are literals in the
// model code (views, so an estimate does not copy ~30 of them into strings).
struct Derivation {
  std::string_view name;  // "training.flops_per_token"
  double value = 0;
  std::string_view unit;
  Formula formula;
};

struct ModelResult {
  std::vector<CostLine> lines;
  std::vector<Derivation> derivations;
  std::vector<std::string> notes;  // caveats worth a person's attention

  double one_time() const;
  double monthly() const;
};

}  // namespace ftcost
