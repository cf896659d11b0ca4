#pragma once
// `ftcost catalog list|show|validate|import`: look at, check and extend the price catalog.
#include <CLI/CLI.hpp>

#include <string>

#include "catalog_options.hpp"

namespace ftcost::cli {

struct CatalogCommandOptions {
  std::string action;   // the subcommand that ran: list, show, validate, import
  std::string section;  // list
  std::string name;     // show
  std::string file;     // validate (optional), import
  std::string format = "table";
  std::string output;    // import: where the overlay goes ("" = stdout)
  std::string as_of;     // import: date stamped on every entry ("" = the file's stamp or modification date)
  std::string from;      // import: litellm or skypilot ("" = detect by content)
  std::string provider;  // import --from skypilot: provider id ("" = the file's folder name)
  bool strict = false;   // validate: unverified, deprecated and sunset entries are problems too
  CatalogOptions catalog;
};

void setup_catalog(CLI::App& app, CatalogCommandOptions& options);
int run_catalog(const CatalogCommandOptions& options);

}  // namespace ftcost::cli
