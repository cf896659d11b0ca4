// `calibrate --cross-validate`: leave-one-source-out. Every case is predicted by defaults fitted to
// the cases of all the other sources, so the errors say how the models do on runs they were not
// tuned to.
#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "ftcost/calibrate/calibration.hpp"
#include "ftcost/util/text.hpp"

namespace ftcost {

namespace {

// Fine-tuning as a team does it: every method but pre-training, on one node or two.
constexpr int fine_tuning_max_gpus = 16;

template <typename Case>
std::vector<Case> without_group(const std::vector<Case>& cases, const std::string& group) {
  std::vector<Case> out;
  std::copy_if(cases.begin(), cases.end(), std::back_inserter(out),
               [&](const Case& c) { return source_group(c.source) != group; });
  return out;
}

}  // namespace

namespace {

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// "owner/repo" when `text` starts with a GitHub repository's path, else empty. `hosted`: the text
// came after "github.com/", so any character that cannot be in a name ends it ("repo," "repo)"
// "repo/blob/…"). Without the host the path must look like one: the repository is no file name and
// is followed by a space and a path in it ("meta-llama/llama MODEL_CARD.md"), so "vLLM/SGLang
// comparison" or "Qwen/Qwen2.5-7B model card" are not taken for repositories.
std::string_view repository_path(std::string_view text, bool hosted) {
  const std::size_t slash = text.find('/');
  if (slash == 0 || slash == std::string_view::npos) return {};
  for (std::size_t i = 0; i < slash; ++i)
    if (!name_char(text[i])) return {};
  std::size_t end = slash + 1;
  while (end < text.size() && (name_char(text[end]) || text[end] == '.')) ++end;
  std::string_view repository = text.substr(0, end);
  while (repository.ends_with('.')) repository.remove_suffix(1);
  if (repository.ends_with(".git")) repository.remove_suffix(4);
  if (repository.size() <= slash + 1) return {};
  if (hosted) return repository;
  if (end >= text.size() || text[end] != ' ') return {};
  for (const std::string_view extension : {".md", ".json", ".csv", ".txt", ".py", ".yaml", ".yml", ".html", ".pdf"})
    if (repository.ends_with(extension)) return {};
  const std::string_view next = text.substr(end + 1, text.find(' ', end + 1) - (end + 1));
  if (next.find_first_of("./") == std::string_view::npos) return {};
  return repository;
}

}  // namespace

std::string source_group(const std::string& source) {
  std::string_view rest = source;
  for (const std::string_view prefix : {"https://", "http://", "www."})
    if (lowercase(std::string(rest.substr(0, prefix.size()))) == prefix) rest.remove_prefix(prefix.size());
  const std::string_view host = "github.com/";
  const bool hosted = lowercase(std::string(rest.substr(0, host.size()))) == host;
  if (hosted) rest.remove_prefix(host.size());
  // GitHub names are case-insensitive: "NVIDIA/TensorRT-LLM" and "nvidia/tensorrt-llm" are one.
  if (const std::string_view repository = repository_path(rest, hosted); !repository.empty())
    return "github.com/" + lowercase(std::string(repository));
  const std::size_t end = source.find_first_of(",(;");
  std::string group = source.substr(0, end);
  while (!group.empty() && group.back() == ' ') group.pop_back();
  return group.empty() ? "(no source)" : group;
}

CrossValidation cross_validate(const CalibrationSet& set, const Catalog& catalog, const std::string& as_of) {
  CrossValidation out;
  std::vector<std::string> groups;
  const auto add_group = [&](const std::string& source) {
    const std::string group = source_group(source);
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  };
  for (const TrainingCase& c : set.training) add_group(c.source);
  for (const ServingCase& c : set.serving) add_group(c.source);

  // One fit per held-out group, on everything else.
  std::map<std::string, Catalog> fitted;
  for (const std::string& group : groups) {
    CalibrationSet rest;
    rest.file = set.file;
    rest.training = without_group(set.training, group);
    rest.serving = without_group(set.serving, group);
    fitted.emplace(group, with_defaults(catalog, fit_defaults(rest, catalog, as_of, FitStart::priors)));
  }
  for (const TrainingCase& c : set.training) {
    out.held_out.training.push_back(predict_training(c, fitted.at(source_group(c.source))));
  }
  for (const ServingCase& c : set.serving) {
    out.held_out.serving.push_back(predict_serving(c, fitted.at(source_group(c.source))));
  }
  out.held_out.training_summary = summarise(out.held_out.training);
  out.held_out.serving_summary = summarise(out.held_out.serving);
  out.groups = std::move(groups);
  return out;
}

CalibrationSummary fine_tuning_summary(const CalibrationSet& set, const CalibrationReport& report) {
  std::vector<CaseResult> subset;
  for (std::size_t i = 0; i < set.training.size() && i < report.training.size(); ++i) {
    const TrainingCase& c = set.training[i];
    if (c.method != "pretrain" && c.gpu_count && *c.gpu_count <= fine_tuning_max_gpus) {
      subset.push_back(report.training[i]);
    }
  }
  return summarise(subset);
}

}  // namespace ftcost
