#pragma once
// Reads one mapping of a Document field by field: rejects unknown keys (with the nearest valid one),
// checks types and ranges, records defaults it applies, and names file:line:col in every error.
// Public in the scenario layer: the scenario loader and the calibration reader both use it.
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ftcost/scenario/field_range.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

// Writes a sampled value of an uncertain field back into a resolved Scenario.
using Setter = std::function<void(Scenario&, double)>;

class FieldReader {
 public:
  // `pointer` is the JSON pointer of the mapping; `dotted` its name for messages ("training").
  // Fields given as ranges are recorded in `uncertain` (when null, ranges are refused).
  FieldReader(const Document& doc, std::string pointer, std::string dotted, std::vector<AppliedDefault>& applied,
              const std::vector<std::string>& allowed_keys, std::vector<UncertainInput>* uncertain = nullptr);

  bool has(const std::string& key) const;
  std::string path(const std::string& key) const;  // "training.epochs"
  SourceLocation where(const std::string& key) const;
  [[noreturn]] void fail(const std::string& key, const std::string& problem, const std::string& fix) const;

  // With a `set`, the field may be a range or distribution ({low, likely, high}, {dist: lognormal,
  // median, spread}, {dist: uniform, low, high}); the deterministic value is returned.
  double number(const std::string& key, double fallback, const Range& range, const std::string& why,
                const Setter& set = {});
  double required_number(const std::string& key, const Range& range, const std::string& example,
                         const Setter& set = {});
  std::optional<double> optional_number(const std::string& key, const Range& range, const Setter& set = {});
  std::string text(const std::string& key, const std::string& fallback, const std::string& why);
  // Names and labels are short; `max_length` lets free text (a measurement's source) be longer.
  std::optional<std::string> optional_text(const std::string& key, std::size_t max_length = 256);
  bool boolean(const std::string& key, bool fallback, const std::string& why);
  // A number or the word `auto` (empty optional).
  std::optional<double> number_or_auto(const std::string& key, const Range& range);
  // A scalar that is either a catalog name (string) or a number.
  const nlohmann::json* raw(const std::string& key) const;

  FieldReader child(const std::string& key, const std::vector<std::string>& allowed_keys) const;
  // Items of a sequence under `key`, each read as a mapping.
  std::vector<FieldReader> list(const std::string& key, const std::vector<std::string>& allowed_keys) const;
  // The same, each entry allowing the keys `allowed_for(entry)` returns.
  std::vector<FieldReader> list(
      const std::string& key, const std::function<std::vector<std::string>(const nlohmann::json&)>& allowed_for) const;
  // Entry `index` of the sequence under `key` (which the caller has checked is one), read as a
  // mapping: an entry that is not one, or carries a key outside `allowed_keys`, throws here, so a
  // caller reading entries one by one can keep the others.
  FieldReader element(const std::string& key, std::size_t index, const std::vector<std::string>& allowed_keys) const;

  // Records a default that was applied: a name ("bf16", "auto"), a number (shown as "{:g}", plus
  // " unit" when it has one), a yes/no, or a priced catalog entry (shown as `shown`).
  void note_default(const std::string& key, const std::string& value, const std::string& why);
  void note_default_number(const std::string& key, double value, const std::string& why, const std::string& unit = "");
  void note_default_flag(const std::string& key, bool value, const std::string& why);
  void note_default_priced(const std::string& key, const std::string& name, double price_usd, const std::string& per,
                           const std::string& shown, const std::string& why);

  const Document& document() const { return doc_; }
  const std::string& dotted() const { return dotted_; }

 private:
  double to_number(const std::string& key, const nlohmann::json& value, const Range& range,
                   const Setter& set = {}) const;
  double scalar(const nlohmann::json& value, const Range& range, const SourceLocation& at,
                const std::string& field) const;
  double distribution(const std::string& key, const nlohmann::json& value, const Range& range, const Setter& set) const;

  const Document& doc_;
  std::string pointer_;
  std::string dotted_;
  std::vector<AppliedDefault>& applied_;
  std::vector<UncertainInput>* uncertain_ = nullptr;
  const nlohmann::json* object_ = nullptr;  // nullptr when the section is absent
};

// The `attention_kernel` field as a scenario's training section and a calibration case write it:
// empty when unwritten; a name neither kernel goes by fails with how to write it.
std::optional<AttentionKernel> read_attention_kernel(FieldReader& r);

}  // namespace ftcost
