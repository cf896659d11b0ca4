#include "ftcost/scenario/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ftcost/scenario/load.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

// Copies a price or rate; its reference (strings) only when it is not already the same one (same id,
// same shared source text), so a Monte Carlo sample that moves only the number allocates nothing.
template <typename Priced>
void follow_ref(Priced& to, const Priced& from) {
  if (to.ref.id != from.ref.id || to.ref.source.str().data() != from.ref.source.str().data()) to.ref = from.ref;
}
void follow(UnitPrice& to, const UnitPrice& from) {
  to.usd = from.usd;
  follow_ref(to, from);
}
void follow(Rate& to, const Rate& from) {
  to.usd_per_hour = from.usd_per_hour;
  follow_ref(to, from);
}

PriceRef written_ref(const Scenario& s, const char* field) {
  return {"scenario", fmt::format("{} in {}", field, s.file), ""};
}

}  // namespace

void derive_defaults(Scenario& s) {
  DataPlan& d = s.data;
  const WrittenFields& w = s.written;
  if (!w.review_minutes) d.review_minutes_per_label = d.minutes_per_label / 2;
  if (!w.review_rate) follow(d.review_rate, d.annotation_rate);
  if (!w.synthetic_input_tokens) d.synthetic.input_tokens_per_example = d.tokens_per_example;
  if (!w.synthetic_output_tokens) d.synthetic.output_tokens_per_example = d.tokens_per_example;

  TrainingPlan& t = s.training;
  if (!w.seq_len) t.seq_len = d.tokens_per_example;

  HostingPlan& h = s.hosting;
  if (!w.hosting_price) follow(h.gpu_hour, t.gpu_hour);
  // When training is not LoRA, the plan holds the catalog's rank and share (the loader sets them).
  h.adapter_rank = t.lora_rank;
  h.adapter_target_share = t.lora_target_share;

  for (FinetuneAlternative& alt : s.finetunes) {
    if (!alt.epochs_written) alt.epochs = t.epochs;
    if (!alt.trials_written) alt.trials = t.trials;
  }
}

const std::vector<NumericField>& numeric_fields() {
  using namespace ranges;
  static const std::vector<NumericField> fields = {
      {"hosting.queries_per_month", "queries a month", &non_negative,
       [](Scenario& s, double v) { s.hosting.queries_per_month = v; }},
      {"horizon_months", "planning horizon in months", &months, [](Scenario& s, double v) { s.horizon_months = v; }},
      {"hosting.input_tokens", "input tokens per query", &tokens,
       [](Scenario& s, double v) { s.hosting.input_tokens = v; }},
      {"hosting.output_tokens", "output tokens per query", &tokens,
       [](Scenario& s, double v) { s.hosting.output_tokens = v; }},
      {"hosting.peak_factor", "busiest hour / average hour", &peak_factor,
       [](Scenario& s, double v) { s.hosting.peak_factor = v; }},
      {"hosting.min_replicas", "replicas always up", &min_replicas,
       [](Scenario& s, double v) { s.hosting.min_replicas = v; }},
      {"hosting.usd_per_gpu_hour", "serving GPU price, USD per GPU-hour", &positive,
       [](Scenario& s, double v) {
         // Written, the serving price no longer follows training's (as `--set` makes hosting price its own).
         s.hosting.gpu_hour = {v, written_ref(s, "hosting.usd_per_gpu_hour")};
         s.written.hosting_price = true;
       }},
      {"hosting.ops_fte", "share of an engineer running the endpoint", &ops_fte,
       [](Scenario& s, double v) { s.hosting.ops_fte = v; }},
      {"training.usd_per_gpu_hour", "training GPU price, USD per GPU-hour", &positive,
       [](Scenario& s, double v) {
         s.training.gpu_hour = {v, written_ref(s, "training.usd_per_gpu_hour")};
       }},
      {"training.epochs", "passes over the data", &epochs, [](Scenario& s, double v) { s.training.epochs = v; }},
      {"training.hyperparameter_trials", "full-length training runs per round", &trials,
       [](Scenario& s, double v) { s.training.trials = v; }},
      {"data.examples", "human or collected examples", &non_negative,
       [](Scenario& s, double v) { s.data.examples = v; }},
      {"data.tokens_per_example", "tokens per training example", &tokens,
       [](Scenario& s, double v) { s.data.tokens_per_example = v; }},
      {"data.annotation.minutes_per_example", "labelling time per labelled example", &non_negative,
       [](Scenario& s, double v) { s.data.minutes_per_label = v; }},
      {"data.synthetic.examples", "examples generated through an API", &non_negative,
       [](Scenario& s, double v) { s.data.synthetic.examples = v; }},
  };
  return fields;
}

const NumericField* find_numeric_field(std::string_view name) {
  for (const auto& field : numeric_fields()) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

void set_number(Scenario& scenario, const NumericField& field, double value, const SourceLocation& where) {
  check_range(value, *field.range, where, field.name);
  field.set(scenario, value);
  derive_defaults(scenario);
}

Scenario reload_with_overrides(const Document& doc, const Catalog& catalog, const std::vector<Override>& overrides) {
  Document changed = doc;
  for (const auto& change : overrides) apply_override(changed, change);
  return load_scenario(changed, catalog);
}

namespace {

// The number an override's value stands for, read as the loader reads a scalar; empty when it is not a
// plain number or quantity (then the reload reports it).
std::optional<double> plain_number(const Override& change) {
  nlohmann::json value;
  try {
    value = parse_document(change.value, "--set").root;
  } catch (const InputError&) {
    return std::nullopt;
  }
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) return parse_quantity(value.get<std::string>()).value;
  return std::nullopt;
}

}  // namespace

Scenario apply_overrides(const Scenario& base, const Document& doc, const Catalog& catalog,
                         const std::vector<Override>& overrides) {
  struct NumberOverride {
    const NumericField* field;
    double value;
    const Override* change;
  };
  std::vector<NumberOverride> numbers;
  for (const auto& change : overrides) {
    const NumericField* field = find_numeric_field(change.path);
    const std::optional<double> value = field ? plain_number(change) : std::nullopt;
    if (!value) return reload_with_overrides(doc, catalog, overrides);
    numbers.push_back({field, *value, &change});
  }
  Scenario out = base;
  for (const NumberOverride& number : numbers) {
    const std::string& name = number.field->name;
    check_range(number.value, *number.field->range, {number.change->origin, 0, 0}, name);
    number.field->set(out, number.value);
    // A written number replaces a range given in the file, as it does in the Document.
    std::erase_if(out.uncertain, [&name](const UncertainInput& input) { return input.field == name; });
  }
  derive_defaults(out);
  return out;
}

}  // namespace ftcost
