#pragma once
// A mixture of experts' parameters split into the part every token uses (attention, embeddings,
// shared experts) and one routed expert across all MoE layers, from total = shared + E·expert and
// active = shared + k·expert. Training and serving both size their MoE terms from it.
#include <algorithm>
#include <optional>

namespace ftcost {

struct ExpertSplit {
  double shared = 0;
  double expert = 0;
};

// Nothing for a dense model, or when the counts cannot tell routed from shared weights.
inline std::optional<ExpertSplit> expert_split(double params, double active_params, int experts,
                                               int experts_per_token) {
  if (params <= 0 || active_params >= params) return std::nullopt;
  if (experts <= experts_per_token || experts_per_token <= 0) return std::nullopt;
  ExpertSplit split;
  split.expert = (params - active_params) / (experts - experts_per_token);
  split.shared = std::max(0.0, active_params - experts_per_token * split.expert);
  return split;
}

}  // namespace ftcost
