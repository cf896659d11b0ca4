#include "diff.hpp"

#include "ftcost/render/diff.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/report/diff.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

void setup_diff(CLI::App& app, DiffOptions& options) {
  auto* cmd =
      app.add_subcommand("diff", "Compare two estimates: per option and per line item what changed and by how much");
  cmd->add_option("base", options.base, "Scenario or saved JSON estimate (ftcost estimate -f json)")->required();
  cmd->add_option("new", options.next, "Scenario or saved JSON estimate")->required();
  add_catalog_options(*cmd, options.catalog);
  cmd->add_option("--set", options.sets, "Override a field of NEW (when it is a scenario); repeatable")
      ->allow_extra_args(false);
  add_output_options(*cmd, options.output, {"table", "json", "markdown"});
  cmd->footer(
      "Examples:\n"
      "  ftcost diff baseline.json scenario.yaml              # saved estimate vs the scenario now\n"
      "  ftcost diff scenario.yaml scenario.yaml --set hosting.gpu=h100-sxm\n"
      "  git show main:scenario.yaml > /tmp/base.yaml && ftcost diff /tmp/base.yaml scenario.yaml -f markdown");
}

namespace {

Report report_of(const std::string& path, const std::vector<std::string>& sets, const CatalogOptions& catalog) {
  Document doc = load_document(path);
  if (is_saved_estimate(doc.root)) {
    if (!sets.empty()) {
      throw InputError({path, 0, 0}, "--set", "cannot change a saved estimate", "pass the scenario instead");
    }
    return report_from_json(doc.root, path);
  }
  InputOptions input;
  input.scenario = path;
  input.catalog = catalog;
  input.sets = sets;
  return build_report_located(load_scenario_from(std::move(doc), input, nullptr));
}

}  // namespace

int run_diff(const DiffOptions& options) {
  // Each scenario side layers its own price_book between FTCOST_CATALOG and --catalog.
  const Report base = report_of(options.base, {}, options.catalog);
  const Report next = report_of(options.next, options.sets, options.catalog);
  write_output(options.output.output, render_diff(diff_reports(base, next), output_format(options.output)));
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
