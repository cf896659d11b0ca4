#pragma once
// What every cost model returns: line items whose amount is always quantity × unit price, each
// price traced to its source, plus the intermediate values (derivations) that explain them.
// A model first prices its lines as numbers (a LineTable of PricedLines); the text a person reads
// is added to those same numbers (CostLine), so the fast path and the report cannot disagree.
#include <array>
#include <cassert>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ftcost/catalog/price_ref.hpp"
#include "ftcost/models/formula.hpp"
#include "ftcost/models/line_kind.hpp"
#include "ftcost/util/shared_string.hpp"

namespace ftcost {

std::string to_string(Recurrence recurrence);

// A line without its text: what it is, how much, at what price.
struct PricedLine {
  LineKind kind;
  double quantity;
  double unit_price;

  double amount() const { return quantity * unit_price; }
};

// The lines one model prices for one plan, in the order they are shown; at most N of them, no
// allocation (Monte Carlo prices one table per model per sample).
template <std::size_t N>
class LineTable {
 public:
  // Each model adds at most N lines (pricing_path_test reaches every kind, so every table's fullest case).
  void add(LineKind kind, double quantity, double unit_price) {
    assert(size_ < N);
    lines_[size_++] = {kind, quantity, unit_price};
  }
  void add(const PricedLine& line) { add(line.kind, line.quantity, line.unit_price); }
  const PricedLine* begin() const { return lines_.data(); }
  const PricedLine* end() const { return lines_.data() + size_; }
  std::size_t size() const { return size_; }
  static constexpr std::size_t capacity() { return N; }
  // Sums in line order, as ModelResult's do over the described lines.
  double one_time() const { return sum(Recurrence::one_time); }
  double monthly() const { return sum(Recurrence::monthly); }

 private:
  double sum(Recurrence recurrence) const {
    double total = 0;
    for (const PricedLine& line : *this) {
      if (recurrence_of(line.kind) == recurrence) total += line.amount();
    }
    return total;
  }
  std::array<PricedLine, N> lines_;  // only the first size_ are set
  std::size_t size_ = 0;
};

struct CostLine {
  // Stage, item, label, unit and recurrence from the kind (line_kind.hpp); price and formula are the
  // model's to fill in.
  explicit CostLine(const PricedLine& priced);

  LineKind kind;
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
  bool operator==(const CostLine&) const = default;
};

// An intermediate value a model worked out, shown by --explain. Name and unit are literals in the
// model code (views, so an estimate does not copy ~30 of them into strings).
struct Derivation {
  std::string_view name;  // "training.flops_per_token"
  double value = 0;
  std::string_view unit;
  Formula formula;
  bool operator==(const Derivation&) const = default;
};

struct ModelResult {
  std::vector<CostLine> lines;
  std::vector<Derivation> derivations;
  std::vector<std::string> notes;  // caveats worth a person's attention

  double one_time() const;
  double monthly() const;
};

}  // namespace ftcost
