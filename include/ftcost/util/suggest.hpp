#pragma once
// "Did you mean ...?" for misspelt names: nearest candidates by edit distance.
#include <string>
#include <string_view>
#include <vector>

namespace ftcost {

std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` candidates close to `wanted` (closest first), or the first few when none is close.
std::vector<std::string> nearest_names(std::string_view wanted, const std::vector<std::string>& candidates,
                                       std::size_t limit = 3);

// "did you mean 'h100-sxm'?" or "one of: a, b, c"
std::string suggestion_text(std::string_view wanted, const std::vector<std::string>& candidates);

}  // namespace ftcost
