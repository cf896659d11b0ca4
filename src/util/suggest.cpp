#include "ftcost/util/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ftcost {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same =
          std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> nearest_names(std::string_view wanted, const std::vector<std::string>& candidates,
                                       std::size_t limit) {
  const std::size_t close_enough = std::max<std::size_t>(2, wanted.size() / 3);
  struct Scored {
    std::size_t distance;
    bool contains;  // among names as close, one that holds what was typed is the likelier meant
    std::string name;
  };
  std::vector<Scored> scored;
  for (const auto& name : candidates) {
    // The lengths' difference is a lower bound of the distance: past close_enough the name is not
    // suggested whatever its distance, so it is not computed (a long unknown name against every
    // catalog name was most of what a bad scenario cost).
    const std::size_t apart = wanted.size() > name.size() ? wanted.size() - name.size() : name.size() - wanted.size();
    std::size_t distance = apart > close_enough ? apart : edit_distance(wanted, name);
    // A candidate that contains what was typed ("h100" in "h100-sxm") counts as close.
    const bool contains = !wanted.empty() && name.find(wanted) != std::string::npos;
    if (contains) distance = std::min<std::size_t>(distance, 1);
    scored.push_back({distance, contains, name});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& l, const Scored& r) {
    return l.distance != r.distance ? l.distance < r.distance : l.contains && !r.contains;
  });
  std::vector<std::string> out;
  for (const auto& [distance, contains, name] : scored) {
    if (out.size() == limit || distance > close_enough) break;
    out.push_back(name);
  }
  return out;
}

std::string suggestion_text(std::string_view wanted, const std::vector<std::string>& candidates) {
  auto close = nearest_names(wanted, candidates);
  if (!close.empty()) {
    std::string joined;
    for (const auto& name : close) joined.append(joined.empty() ? "'" : " or '").append(name).append("'");
    return fmt::format("did you mean {}?", joined);
  }
  std::string listed;
  const std::size_t shown = std::min<std::size_t>(candidates.size(), 8);
  for (std::size_t i = 0; i < shown; ++i) listed.append(i ? ", " : "").append(candidates[i]);
  if (candidates.size() > shown) listed += fmt::format(", … ({} in all)", candidates.size());
  return "expected one of: " + listed;
}

}  // namespace ftcost
