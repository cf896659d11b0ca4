#pragma once
// The shipped data/*.json files, compiled into the library (see cmake/embed_catalog_script.cmake).
#include <string>
#include <vector>

namespace ftcost::catalog {

struct EmbeddedFile {
  std::string name;  // "data/gpus.json"
  std::string text;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace ftcost::catalog
