#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

std::string to_string(TrainingMethod method) {
  switch (method) {
    case TrainingMethod::full: return "full";
    case TrainingMethod::lora: return "lora";
    case TrainingMethod::qlora: return "qlora";
    case TrainingMethod::prompt_tuning: return "prompt_tuning";
  }
  return "?";
}

}  // namespace ftcost
