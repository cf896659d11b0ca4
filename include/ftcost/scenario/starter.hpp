#pragma once
// The commented starter scenario `ftcost init` writes: valid as written, every section explained.
#include <string>

namespace ftcost {

const std::string& starter_scenario();

}  // namespace ftcost
