#pragma once
// Every kind of cost line the models price, and what each one is: its stage and item (the stable keys
// of JSON, CSV and diff), its label and unit, and the summary row it is added to. The models price a
// kind (quantity × unit price, PricedLine in cost_line.hpp); build_report describes it, the fast path
// (report/totals.hpp) only sums it, and both read its row from here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace ftcost {

enum class Recurrence { one_time, monthly };

// The rows of the summary table, in display order: what a cost is for, one-time rows first.
enum class SummaryRow : std::uint8_t {
  data_preparation,
  training,
  vendor_finetuning,
  prompt_engineering,
  data_refresh,
  retraining_and_storage,
  inference,
  operations,
};
inline constexpr std::size_t summary_row_count = static_cast<std::size_t>(SummaryRow::operations) + 1;

enum class LineKind : std::uint8_t {
  // Data preparation (data_prep.cpp)
  data_collection,
  data_cleaning,
  data_annotation,
  data_review,
  data_synthetic_input,
  data_synthetic_output,
  data_pipeline_engineering,
  data_refresh,
  // Training (training.cpp)
  training_compute,
  training_engineering,
  training_retraining,
  training_checkpoint_storage,
  // Self-hosted serving (hosting.cpp)
  serving_gpus,
  serving_monitoring,
  serving_operations,
  // A managed API with a few-shot prompt (alternatives.cpp)
  api_input_tokens,
  api_cached_input_tokens,
  api_output_tokens,
  api_prompt_engineering,
  // A vendor's managed fine-tune (alternatives.cpp)
  finetune_training_tokens,
  finetune_engineering,
  finetune_retraining,
  finetune_input_tokens,
  finetune_output_tokens,
  finetune_hosting_fee,
};
// Keep naming the last kind: tests walk every kind up to it.
inline constexpr std::size_t line_kind_count = static_cast<std::size_t>(LineKind::finetune_hosting_fee) + 1;

struct LineKindInfo {
  // A constructor, not an aggregate: a kind cannot be listed without its summary row.
  constexpr LineKindInfo(std::string_view stage_, std::string_view item_, std::string_view label_,
                         std::string_view unit_, SummaryRow row_)
      : stage(stage_), item(item_), label(label_), unit(unit_), row(row_) {}
  std::string_view stage;  // data, training, hosting, api, managed-finetune
  std::string_view item;   // short stable key: "annotation", "gpu-compute", ...
  std::string_view label;  // what a person reads: "Annotation"
  std::string_view unit;   // "GPU-hour", "hour", "1M tokens", ...
  SummaryRow row;
};

// Switches over these enums list every value, with no default: a kind or row added without its
// entry does not compile (the error below), and the static_asserts in line_kind.cpp evaluate them all.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch"

constexpr LineKindInfo line_kind_info(LineKind kind) {
  using R = SummaryRow;
  switch (kind) {
    case LineKind::data_collection:
      return {"data", "collection", "Collection / licensing", "example", R::data_preparation};
    case LineKind::data_cleaning:
      return {"data", "cleaning", "Cleaning and filtering", "hour", R::data_preparation};
    case LineKind::data_annotation:
      return {"data", "annotation", "Annotation", "hour", R::data_preparation};
    case LineKind::data_review:
      return {"data", "review", "Annotation QA review", "hour", R::data_preparation};
    case LineKind::data_synthetic_input:
      return {"data", "synthetic-input", "Synthetic data: prompt tokens", "1M tokens", R::data_preparation};
    case LineKind::data_synthetic_output:
      return {"data", "synthetic-output", "Synthetic data: generated tokens", "1M tokens", R::data_preparation};
    case LineKind::data_pipeline_engineering:
      return {"data", "pipeline-engineering", "Data pipeline engineering", "hour", R::data_preparation};
    case LineKind::data_refresh:
      return {"data", "refresh", "Data refresh", "data set", R::data_refresh};
    case LineKind::training_compute:
      return {"training", "gpu-compute", "Training compute", "GPU-hour", R::training};
    case LineKind::training_engineering:
      return {"training", "engineering", "Training engineering", "hour", R::training};
    case LineKind::training_retraining:
      return {"training", "retraining", "Re-training (amortised)", "GPU-hour", R::retraining_and_storage};
    case LineKind::training_checkpoint_storage:
      return {"training", "checkpoint-storage", "Checkpoint storage", "GB-month", R::retraining_and_storage};
    case LineKind::serving_gpus:
      return {"hosting", "gpu-serving", "Serving GPUs", "GPU-hour", R::inference};
    case LineKind::serving_monitoring:
      return {"hosting", "monitoring", "Monitoring and logging", "month", R::operations};
    case LineKind::serving_operations:
      return {"hosting", "operations", "Operations staff", "hour", R::operations};
    case LineKind::api_input_tokens:
      return {"api", "input-tokens", "API input tokens", "1M tokens", R::inference};
    case LineKind::api_cached_input_tokens:
      return {"api", "cached-input-tokens", "API cached input tokens", "1M tokens", R::inference};
    case LineKind::api_output_tokens:
      return {"api", "output-tokens", "API output tokens", "1M tokens", R::inference};
    case LineKind::api_prompt_engineering:
      return {"api", "prompt-engineering", "Prompt engineering", "hour", R::prompt_engineering};
    case LineKind::finetune_training_tokens:
      return {"managed-finetune", "training-tokens", "Vendor fine-tuning", "1M training tokens", R::vendor_finetuning};
    case LineKind::finetune_engineering:
      return {"managed-finetune", "engineering", "Fine-tuning engineering", "hour", R::vendor_finetuning};
    case LineKind::finetune_retraining:
      return {"managed-finetune", "retraining", "Re-training (amortised)", "1M training tokens",
              R::retraining_and_storage};
    case LineKind::finetune_input_tokens:
      return {"managed-finetune", "input-tokens", "Fine-tuned model input tokens", "1M tokens", R::inference};
    case LineKind::finetune_output_tokens:
      return {"managed-finetune", "output-tokens", "Fine-tuned model output tokens", "1M tokens", R::inference};
    case LineKind::finetune_hosting_fee:
      return {"managed-finetune", "hosting-fee", "Fine-tuned deployment hosting fee", "hour", R::inference};
  }
  throw std::invalid_argument("line_kind_info: not a LineKind");  // a value cast from outside the enum
}

struct SummaryRowInfo {
  std::string_view label;
  Recurrence recurrence;
};

constexpr SummaryRowInfo summary_row_info(SummaryRow row) {
  switch (row) {
    case SummaryRow::data_preparation:
      return {"Data preparation", Recurrence::one_time};
    case SummaryRow::training:
      return {"Training", Recurrence::one_time};
    case SummaryRow::vendor_finetuning:
      return {"Vendor fine-tuning", Recurrence::one_time};
    case SummaryRow::prompt_engineering:
      return {"Prompt engineering", Recurrence::one_time};
    case SummaryRow::data_refresh:
      return {"Data refresh", Recurrence::monthly};
    case SummaryRow::retraining_and_storage:
      return {"Re-training and storage", Recurrence::monthly};
    case SummaryRow::inference:
      return {"Inference", Recurrence::monthly};
    case SummaryRow::operations:
      return {"Operations and monitoring", Recurrence::monthly};
  }
  throw std::invalid_argument("summary_row_info: not a SummaryRow");
}

#pragma GCC diagnostic pop

namespace detail {
// The row and recurrence of every kind, worked out by the compiler (a kind without a row stops the
// build here) and read at run time by index: the fast path looks them up for every line it sums.
struct KindRows {
  SummaryRow row[line_kind_count];
  Recurrence recurrence[line_kind_count];
};
constexpr KindRows kind_rows() {
  KindRows out{};
  for (std::size_t i = 0; i < line_kind_count; ++i) {
    out.row[i] = line_kind_info(static_cast<LineKind>(i)).row;
    out.recurrence[i] = summary_row_info(out.row[i]).recurrence;
  }
  return out;
}
inline constexpr KindRows rows_of_kinds = kind_rows();
}  // namespace detail

constexpr SummaryRow summary_row_of(LineKind kind) { return detail::rows_of_kinds.row[static_cast<std::size_t>(kind)]; }
// A line recurs as its row does, so a one-time cost can never be summed into a monthly row.
constexpr Recurrence recurrence_of(LineKind kind) {
  return detail::rows_of_kinds.recurrence[static_cast<std::size_t>(kind)];
}
constexpr std::size_t row_index(SummaryRow row) { return static_cast<std::size_t>(row); }

// The kind with this stage and item (a saved JSON estimate names its lines so); empty when none.
std::optional<LineKind> find_line_kind(std::string_view stage, std::string_view item);

}  // namespace ftcost
