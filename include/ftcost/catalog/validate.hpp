#pragma once
// Sanity checks over a whole catalog (shipped or overlaid): sources and dates present, units within
// physical bounds, names unique within a section, cross-references resolved. `ftcost catalog validate`
// prints the problems; a unit test keeps the shipped data/ clean.
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"

namespace ftcost {

struct CatalogProblem {
  std::string section;  // gpus, prices, models, apis, finetune, labor, defaults
  std::string id;       // entry id (GPU prices: gpu@provider/basis)
  std::string field;
  std::string problem;
};

// Physical ceilings a datasheet value can not exceed (dense, per GPU). Generous on purpose: they
// catch unit mistakes (GB/s vs MB/s, sparse vs dense ×1000), not honest new hardware.
struct GpuBounds {
  double max_high_precision_tflops = 10000;  // fp32, tf32, fp16, bf16
  double max_low_precision_tflops = 40000;   // fp8, int8, int4, fp4
  double max_bandwidth_gb_s = 20000;
  double max_memory_gb = 1024;
};

// strict: entries marked `verified: false`, `deprecated` or `sunset` are problems too.
std::vector<CatalogProblem> validate_catalog(const Catalog& catalog, const GpuBounds& bounds = {}, bool strict = false);

// "gpus h100-sxm: memory_gb: 2048 is above 1024 GB"
std::string to_string(const CatalogProblem& problem);

// A price book judged on its own entries (`catalog validate BOOK`): `merged` is `base` with the book
// over it. A problem of an entry the book adds or changes is the book's; one of an entry the book
// left as `base` has it is the catalog's, and with `strict` such an entry's trust flags (verified:
// false, deprecated, sunset) are only counted, so a clean book passes over a flagged catalog.
struct BookValidation {
  std::vector<CatalogProblem> book;
  std::vector<CatalogProblem> catalog;
  std::size_t catalog_flags = 0;
};
BookValidation validate_book(const Catalog& base, const Catalog& merged, bool strict);

}  // namespace ftcost
