#pragma once
// `ftcost plan --apply`: the scenario file with a plan's values written in. YAML keeps its comments and
// layout: each value is replaced where it was written, and a missing field is added to its section
// with the section's indentation. JSON (which has no comments) is written out again with the values set.
#include <string>
#include <vector>

#include "ftcost/scenario/override.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

// `text` is the scenario file as read and `doc` its parse (without overrides); `changes` are applied in
// order (a later one wins). Throws InputError when a value cannot be written in place (a flow-style
// section, or a path below a missing section).
std::string apply_changes_to_text(const std::string& text, const Document& doc, const std::vector<Override>& changes);

}  // namespace ftcost
