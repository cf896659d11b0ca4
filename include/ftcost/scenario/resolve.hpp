#pragma once
// One resolution step for every way a scenario's inputs change. The loader reads what the file wrote
// (checking each value) and then calls derive_defaults(), which fills every value that defaults to
// another field. Every override goes through the same step: `--set` edits the file before it is
// loaded; a sweep point, a Monte Carlo sample and a plan candidate change a number of the resolved
// scenario and call derive_defaults() again, so a derived value (training.seq_len from
// data.tokens_per_example, a serving price inherited from training, ...) never goes stale.
#include <string>
#include <string_view>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/scenario/field_range.hpp"
#include "ftcost/scenario/override.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

// Sets every value the scenario did not write (Scenario::written, FinetuneAlternative::*_written)
// from the field it follows: training.seq_len and the synthetic token counts from
// data.tokens_per_example; the review time (half) and rate from the annotation's; the serving GPU
// price from training's when hosting names no GPU, provider, basis or price of its own; a managed
// fine-tune's epochs and trials from training's; the served adapters' LoRA rank and share from the
// training plan (the catalog's training.lora_rank and lora_target_share when training is not
// LoRA/QLoRA). A few assignments: Monte Carlo calls it once per sample.
void derive_defaults(Scenario& scenario);

// A numeric field that can be changed on a resolved scenario, with the meaning and the valid range it
// has in a file (the same Range object the loader checks). `ftcost sweep --vary` accepts these.
struct NumericField {
  std::string name;  // the dotted path of --set: "data.tokens_per_example"
  std::string description;
  const Range* range = nullptr;
  // Writes the value as the file's own (marking a field that has a default source as written).
  void (*set)(Scenario&, double) = nullptr;
};
const std::vector<NumericField>& numeric_fields();
const NumericField* find_numeric_field(std::string_view name);

// Checks `value` against the field's range (InputError at `where` naming the field, the loader's
// message), writes it and runs derive_defaults(): the scenario then equals a reload with
// `--set NAME=VALUE` in everything the cost models read.
void set_number(Scenario& scenario, const NumericField& field, double value, const SourceLocation& where);

// The library form of `ftcost estimate --set`, for searches over candidates (`ftcost plan`): the
// scenario `base` (loaded from `doc` against `catalog`) with `overrides` applied, paths and values as
// in --set. Price it with build_report() or evaluate_totals(): the totals equal `estimate --set` to the
// cent. Overrides of numeric_fields() with a number or quantity as value are set on a copy of `base`
// (no reload); any other override (a GPU name, a method, a field not in numeric_fields()) reloads `doc`
// with every override applied, as --set does. Measured (bench `apply_overrides_numeric`, two numeric
// overrides, priced with evaluate_totals): ~11 µs on the fast path, ~88 µs by reload. On the
// fast path the text of `defaults_applied` stays the base's: render a reloaded scenario
// (`reload_with_overrides`) when the explanation is shown.
Scenario apply_overrides(const Scenario& base, const Document& doc, const Catalog& catalog,
                         const std::vector<Override>& overrides);

// `doc` with `overrides` applied and loaded: exactly what `--set` does.
Scenario reload_with_overrides(const Document& doc, const Catalog& catalog, const std::vector<Override>& overrides);

}  // namespace ftcost
