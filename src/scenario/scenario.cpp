#include "ftcost/scenario/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ftcost/util/text.hpp"

namespace ftcost {

std::string trust_flags(const PriceFact* fact) {
  if (fact == nullptr) return {};
  Source trust;
  trust.verified = fact->verified;
  trust.deprecated = fact->deprecated;
  trust.sunset = fact->sunset;
  return trust_flags(trust);
}

std::string to_string(TrainingMethod method) {
  switch (method) {
    case TrainingMethod::full:
      return "full";
    case TrainingMethod::lora:
      return "lora";
    case TrainingMethod::qlora:
      return "qlora";
    case TrainingMethod::prompt_tuning:
      return "prompt_tuning";
  }
  return "?";
}

std::string to_string(AttentionKernel kernel) {
  return kernel == AttentionKernel::flash_attention_2 ? "flash-attention-2" : "fused";
}

namespace {
// The words of a kernel's name run together: "Flash-Attention 2" and "flash_attn_2" alike.
std::string kernel_key(std::string_view text) {
  std::string key;
  for (const std::string& word : words_of(std::string(text))) key += word;
  return key;
}
}  // namespace

std::optional<AttentionKernel> parse_attention_kernel(std::string_view text) {
  // FlexAttention compiles to a Triton kernel that, like FlashAttention-2, uses no Hopper wgmma: its class.
  static const std::vector<std::string> fused = {
      "fused",  "fusedattention",  "flashattention3", "flashattn3", "fa3",
      "flash3", "flashattention4", "flashattn4",      "fa4",        "flash4",
      "cudnn",  "cudnnattention",  "cudnnfused",      "te",         "transformerengine"};
  static const std::vector<std::string> flash2 = {"flashattention2", "flashattn2", "fa2", "flash2",
                                                  "flexattention",   "flexattn",   "flex"};
  const std::string key = kernel_key(text);
  if (std::find(fused.begin(), fused.end(), key) != fused.end()) return AttentionKernel::fused;
  if (std::find(flash2.begin(), flash2.end(), key) != flash2.end()) return AttentionKernel::flash_attention_2;
  return std::nullopt;
}

std::string attention_kernel_fix(std::string_view text) {
  const std::string key = kernel_key(text);
  if (key.find("sdpa") != std::string::npos || key.find("scaleddotproduct") != std::string::npos)
    return "PyTorch's SDPA ran FlashAttention-2 on Hopper in 2.2-2.4 and, in the official builds, from 2.5.1 to 2.10 "
           "(write flash-attention-2), and cuDNN's fused kernel in 2.5.0 and from the 2.11 wheels (write fused)";
  return "write fused (cuDNN, FlashAttention-3 or -4, Transformer Engine) or flash-attention-2 (also fa2, "
         "flash_attn_2, flex_attention)";
}

namespace {

constexpr std::size_t max_slug_length = 40;

// The id an alternative has when nothing else shares its model or offer.
std::string base_id(const ApiAlternative& alt) { return "api:" + alt.api.id; }
std::string base_id(const FinetuneAlternative& alt) { return "finetune:" + alt.offer.id; }

template <class Alternative>
void assign_ids(std::vector<Alternative>& alternatives, std::set<std::string>& taken) {
  std::map<std::string, int> uses;
  for (const auto& alt : alternatives) ++uses[base_id(alt)];
  std::map<std::string, int> seen;
  std::vector<Alternative*> numbered;
  // Labelled duplicates first, so a label's slug never loses to another entry's number.
  for (auto& alt : alternatives) {
    const std::string base = base_id(alt);
    if (uses[base] == 1) {
      alt.id = base;
      taken.insert(base);
      continue;
    }
    const std::string from_label = slug(alt.label);
    const std::string labelled = fmt::format("{}/{}", base, from_label);
    if (!from_label.empty() && taken.insert(labelled).second) {
      alt.id = labelled;
    } else {
      numbered.push_back(&alt);
    }
  }
  for (auto& alt : alternatives) {
    const std::string base = base_id(alt);
    const int place = ++seen[base];
    if (std::find(numbered.begin(), numbered.end(), &alt) == numbered.end()) continue;
    std::string id = fmt::format("{}/{}", base, place);
    for (int extra = 2; !taken.insert(id).second; ++extra) id = fmt::format("{}/{}-{}", base, place, extra);
    alt.id = id;
  }
}

}  // namespace

std::string slug(const std::string& text) {
  std::string out;
  bool dash = false;
  for (unsigned char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (!keep) {
      dash = !out.empty();
      continue;
    }
    if (dash) out += '-';
    dash = false;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (out.size() >= max_slug_length) break;
  }
  return out;
}

void assign_option_ids(Scenario& scenario) {
  std::set<std::string> taken{self_hosted_option_id};
  assign_ids(scenario.apis, taken);
  assign_ids(scenario.finetunes, taken);
}

std::vector<std::string> option_ids(const Scenario& scenario) {
  std::vector<std::string> ids{self_hosted_option_id};
  for (const auto& alt : scenario.apis) ids.push_back(alt.id);
  for (const auto& alt : scenario.finetunes) ids.push_back(alt.id);
  return ids;
}

std::string resolve_option_id(const Scenario& scenario, const std::string& wanted, const SourceLocation& where,
                              const std::string& field) {
  const std::vector<std::string> ids = option_ids(scenario);
  if (std::find(ids.begin(), ids.end(), wanted) != ids.end()) return wanted;
  std::vector<std::string> matches;
  for (const auto& id : ids) {
    if (id.size() > wanted.size() && id.compare(0, wanted.size(), wanted) == 0 && id[wanted.size()] == '/') {
      matches.push_back(id);
    }
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    throw InputError(where, field, fmt::format("no option '{}' in this scenario", wanted),
                     fmt::format("use one of: {}", fmt::join(ids, ", ")));
  }
  throw InputError(where, field, fmt::format("'{}' is ambiguous: {} options use it", wanted, matches.size()),
                   fmt::format("use one of: {}", fmt::join(matches, ", ")));
}

}  // namespace ftcost
