#include "ftcost/scenario/starter.hpp"

namespace ftcost {

// Only quantities and catalog names here: every price comes from the catalog (data/*.json).
const std::string& starter_scenario() {
  static const std::string text =
      R"yaml(# ftcost scenario: what fine-tuning and serving a model costs, compared with managed APIs.
# Quantities accept suffixes (100k, 1.5M, 7B) and percentages (30%). Omitted fields take documented
# defaults; `ftcost estimate FILE --explain` lists every default and price used.
# Check it with `ftcost validate FILE`, estimate with `ftcost estimate FILE`.
version: 1
name: My fine-tune
horizon_months: 24                 # total cost of ownership over this many months

data:
  examples: 50k                    # human or collected training examples
  tokens_per_example: 600          # prompt + completion, as trained
  annotation:
    share: 20%                     # share of examples labelled or corrected by people
    minutes_per_example: 2
    rate: annotator-general        # a catalog labour role, or USD per hour
  pipeline:
    engineering_hours: 40          # building the data pipeline, once

model:
  name: llama-3.1-8b               # a catalog model, or params/layers/hidden_size for your own

training:
  method: lora                     # full | lora | qlora | prompt_tuning
  epochs: 3
  gpu: h100-sxm
  gpus: auto                       # smallest GPU count that fits in memory
  price_basis: on_demand           # cheapest catalog provider; or set usd_per_gpu_hour
  hyperparameter_trials: 3         # full-length runs, the final one included

hosting:
  queries_per_month: 500k
  input_tokens: 500                # per query: prompt + retrieved context
  output_tokens: 200
  peak_factor: 3                   # busiest hour vs the average hour
  gpu: l40s
  # engine: vllm                   # tensorrt-llm | vllm | vllm-0.5 | sglang | tgi | lmdeploy: its per-step overhead
  min_replicas: 1
  ops_fte: 0.2                     # share of one MLOps engineer

alternatives:
  managed_api:                     # pay-per-token models doing the job with a few-shot prompt
    - model: claude-haiku-4.5
      few_shot_tokens: 1000
  managed_finetune:                # a vendor fine-tuning and hosting the model for you
    - offer: fireworks-lora-up-to-16b  # a LoRA on a dedicated deployment, sized like your own fleet

# budget:                          # limits for `ftcost check` (exit 3 when one is exceeded)
#   max_total_usd: 250k
#   max_monthly_usd: 10k
#   require_break_even_within_months: 12
)yaml";
  return text;
}

}  // namespace ftcost
