#pragma once
// How a number was worked out, as text ("120k examples / 1,000 × 1.5 h per 1,000"). The text is
// formatted only when something shows it (--explain, JSON, an error message): formatting every
// formula was about half the work of an estimate, and Monte Carlo, sweeps, budget checks and the
// table never print one. A lazy formula owns copies of its inputs, so a report can outlive the
// scenario it came from.
#include <fmt/format.h>

#include <algorithm>
#include <concepts>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

class Formula {
 public:
  Formula() = default;
  Formula(const char* text) : text_(text) {}             // NOLINT(google-explicit-constructor): fixed texts
  Formula(std::string text) : text_(std::move(text)) {}  // NOLINT(google-explicit-constructor)
  template <class Make>
  requires std::is_invocable_r_v<std::string, const Make&> &&
      (!std::convertible_to<Make, std::string>)explicit Formula(Make make)
      : make_(std::make_shared<const Maker<Make>>(std::move(make))) {}

  std::string text() const { return make_ ? make_->make() : text_; }
  // Formulas are equal when they read the same. One shared maker, or one pattern with equal values,
  // needs no formatting to say so (values compare as values: -0 equals 0).
  bool operator==(const Formula& other) const {
    if (make_ == other.make_ && text_ == other.text_) return true;
    if (make_ && other.make_ && make_->same_as(*other.make_)) return true;
    return text() == other.text();
  }

  // What lazy_format builds: the pattern and copies of its values, formatted when read.
  template <class... Values>
  static Formula format_later(fmt::string_view pattern, Values... values) {
    Formula formula;
    formula.make_ = std::make_shared<const FormatMaker<Values...>>(pattern, std::move(values)...);
    return formula;
  }

 private:
  // Shared, not copied, when a line is copied into several options (the data lines are).
  struct MakerBase {
    virtual ~MakerBase() = default;
    virtual std::string make() const = 0;
    // True when `other` makes the same text without formatting either; false when unsure.
    virtual bool same_as(const MakerBase& /*other*/) const { return false; }
  };
  template <class... Values>
  struct FormatMaker final : MakerBase {
    explicit FormatMaker(fmt::string_view p, Values... v) : pattern(p), values(std::move(v)...) {}
    std::string make() const override {
      return std::apply([this](const auto&... v) { return fmt::format(fmt::runtime(pattern), v...); }, values);
    }
    bool same_as(const MakerBase& other) const override {
      if constexpr ((std::equality_comparable<Values> && ...)) {
        const auto* same = dynamic_cast<const FormatMaker*>(&other);
        return same && same->pattern.data() == pattern.data() && same->pattern.size() == pattern.size() &&
               same->values == values;
      } else {
        return false;
      }
    }
    fmt::string_view pattern;
    std::tuple<Values...> values;
  };
  template <class Make>
  struct Maker final : MakerBase {
    explicit Maker(Make m) : make_text(std::move(m)) {}
    std::string make() const override { return make_text(); }
    Make make_text;
  };

  std::string text_;
  std::shared_ptr<const MakerBase> make_;
};

// A number shown the way short_quantity() writes it ("1.5M"), formatted with the formula.
struct ShortQuantity {
  double value = 0;
  bool operator==(const ShortQuantity&) const = default;
};

// The parameters a token's matmuls multiply, shown with how they follow from the active ones:
// "8.03B parameters", or "7.50B multiplied parameters (8.03B − 0.53B untied input embedding)".
struct MultipliedParams {
  double active = 0;
  double lookup = 0;  // an untied input embedding: looked up, not multiplied
  bool moe = false;
  bool published_without_lookup = false;  // the model card's active count already leaves it out
  bool operator==(const MultipliedParams&) const = default;
};

// An amount in US dollars shown the way format_usd() writes it ("$1,234").
struct Usd {
  double value = 0;
  bool operator==(const Usd&) const = default;
};

// What lazy_format keeps of an argument: a copy, and C strings as std::string so that nothing
// points into a temporary.
template <class Arg>
using FormulaValue =
    std::conditional_t<std::is_convertible_v<std::decay_t<Arg>, const char*>, std::string, std::decay_t<Arg>>;

// fmt::format, deferred: the arguments are copied now and formatted when the text is read. The
// pattern (a literal) is still checked against the argument types at compile time.
template <class... Args>
Formula lazy_format(fmt::format_string<FormulaValue<Args>...> pattern, Args&&... args) {
  return Formula::format_later(fmt::string_view(pattern), FormulaValue<Args>(std::forward<Args>(args))...);
}

}  // namespace ftcost

template <>
struct fmt::formatter<ftcost::ShortQuantity> : fmt::formatter<std::string> {
  auto format(const ftcost::ShortQuantity& quantity, fmt::format_context& context) const {
    return fmt::formatter<std::string>::format(ftcost::short_quantity(quantity.value), context);
  }
};

template <>
struct fmt::formatter<ftcost::MultipliedParams> : fmt::formatter<std::string> {
  auto format(const ftcost::MultipliedParams& p, fmt::format_context& context) const {
    const char* kind = p.moe ? "active " : "";
    if (p.lookup <= 0) {
      return fmt::formatter<std::string>::format(fmt::format("{} {}parameters", ftcost::short_quantity(p.active), kind),
                                                 context);
    }
    if (p.published_without_lookup) {
      return fmt::formatter<std::string>::format(
          fmt::format("{} multiplied parameters (the published {}count, which leaves the {} untied input "
                      "embedding out: it is looked up)",
                      ftcost::short_quantity(std::max(0.0, p.active - p.lookup)), kind,
                      ftcost::short_quantity(p.lookup)),
          context);
    }
    return fmt::formatter<std::string>::format(
        fmt::format("{} multiplied parameters ({} {}− {} untied input embedding, looked up)",
                    ftcost::short_quantity(std::max(0.0, p.active - p.lookup)), ftcost::short_quantity(p.active), kind,
                    ftcost::short_quantity(p.lookup)),
        context);
  }
};

template <>
struct fmt::formatter<ftcost::Usd> : fmt::formatter<std::string> {
  auto format(const ftcost::Usd& amount, fmt::format_context& context) const {
    return fmt::formatter<std::string>::format(ftcost::format_usd(amount.value), context);
  }
};

template <>
struct fmt::formatter<ftcost::Formula> : fmt::formatter<std::string> {
  auto format(const ftcost::Formula& formula, fmt::format_context& context) const {
    return fmt::formatter<std::string>::format(formula.text(), context);
  }
};
