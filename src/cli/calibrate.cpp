#include "calibrate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "ftcost/calibrate/calibration.hpp"
#include "ftcost/catalog/load.hpp"
#include "ftcost/util/date.hpp"
#include "ftcost/util/output.hpp"
#include "terminal.hpp"

namespace ftcost::cli {

namespace {

std::string percent(double share) { return fmt::format("{:.1f}%", 100 * share); }

// Whole numbers from 100 up (GPU-hours, tokens/s), three significant digits below.
std::string measure(double value) { return value >= 100 ? fmt::format("{:.0f}", value) : fmt::format("{:.3g}", value); }

std::string summary_line(const CalibrationSummary& s) {
  const auto count = [&](double share) { return static_cast<int>(std::lround(share * static_cast<double>(s.cases))); };
  return fmt::format("median |error| {}, within ±25%: {}/{} ({}), within ±50%: {}/{} ({})", percent(s.median_abs_error),
                     count(s.within_25), s.cases, percent(s.within_25), count(s.within_50), s.cases,
                     percent(s.within_50));
}

void table_section(std::string& out, const std::string& title, const std::vector<CaseResult>& results,
                   const CalibrationSummary& summary) {
  if (results.empty()) return;
  out += fmt::format("{} ({} {})\n", title, results.size(), results.size() == 1 ? "case" : "cases");
  out += fmt::format("  {:<44} {:<28} {:>12} {:>12} {:>8}  {}\n", "case", "metric", "predicted", "measured", "error",
                     "how");
  for (const CaseResult& r : results) {
    out += fmt::format("  {:<44} {:<28} {:>12} {:>12} {:>+7.1f}%  {}\n", r.id, r.metric, measure(r.predicted),
                       measure(r.measured), 100 * r.error(), r.detail);
  }
  out += fmt::format("  Summary: {}\n", summary_line(summary));
  std::vector<std::string> doubtful;
  for (const CaseResult& r : results) {
    if (r.doubtful) doubtful.push_back(fmt::format("{} ({:.0f}%)", r.id, 100 * r.implied_mfu));
  }
  if (!doubtful.empty()) {
    out += fmt::format(
        "  Doubtful measurements (they still count): {} {} an MFU above calibration.max_plausible_mfu: "
        "{}\n",
        doubtful.size(), doubtful.size() == 1 ? "implies" : "imply", fmt::join(doubtful, ", "));
  }
  out += "\n";
}

std::string unscored_text(const UnscoredCase& c) {
  return format_message(c.where, c.field, c.problem + "; case not scored", c.fix);
}

void unscored_section(std::string& out, const std::vector<UnscoredCase>& unscored) {
  if (unscored.empty()) return;
  out += fmt::format("Not scored ({} {}: calibrate cannot score {}; not in any summary)\n", unscored.size(),
                     unscored.size() == 1 ? "case" : "cases", unscored.size() == 1 ? "it" : "them");
  for (const UnscoredCase& c : unscored) {
    out += fmt::format("  {:<44} {:<8} {}: {}\n", c.id, c.kind, c.field, c.problem);
  }
  out += "\n";
}

// No cases, no error to report: the figures are null, not a perfect 0.
nlohmann::ordered_json summary_json(const CalibrationSummary& s) {
  if (s.cases == 0) {
    return {{"cases", 0},
            {"median_abs_error_pct", nullptr},
            {"share_within_25_pct", nullptr},
            {"share_within_50_pct", nullptr}};
  }
  return {{"cases", s.cases},
          {"median_abs_error_pct", 100 * s.median_abs_error},
          {"share_within_25_pct", s.within_25},
          {"share_within_50_pct", s.within_50}};
}

std::string render_report_json(const CalibrationSet& set, const CalibrationReport& report,
                               const std::vector<std::string>& held_out_groups) {
  nlohmann::ordered_json doc;
  doc["format"] = "ftcost-calibration-result/1";
  doc["file"] = set.file;
  doc["mode"] = held_out_groups.empty() ? "in-sample" : "leave-one-source-out";
  if (!held_out_groups.empty()) doc["source_groups"] = held_out_groups;
  // Keys the cases carry that calibrate does not read (also noted on stderr); absent when none.
  if (!set.ignored_fields.empty()) doc["ignored_fields"] = set.ignored_fields;
  // Cases calibrate cannot score (an unknown GPU or model, a method it does not model): listed, in no summary.
  doc["unscored"] = nlohmann::ordered_json::array();
  for (const UnscoredCase& c : set.unscored) {
    doc["unscored"].push_back({{"id", c.id},
                               {"kind", c.kind},
                               {"field", c.field},
                               {"problem", c.problem},
                               {"fix", c.fix},
                               {"file", c.where.file},
                               {"line", c.where.line},
                               {"column", c.where.column}});
  }
  doc["predictions"] = nlohmann::ordered_json::object();
  for (const auto* kind : {"training", "serving"}) {
    const auto& results = std::string(kind) == "training" ? report.training : report.serving;
    doc[kind] = nlohmann::ordered_json::object();
    for (const CaseResult& r : results) {
      doc["predictions"][r.id] = {{r.metric, r.predicted}};
      doc[kind][r.id] = {
          {r.metric, r.predicted}, {"measured", r.measured}, {"error_pct", 100 * r.error()}, {"detail", r.detail}};
      if (r.implied_mfu > 0) {
        doc[kind][r.id]["implied_mfu"] = r.implied_mfu;
        doc[kind][r.id]["doubtful"] = r.doubtful;
      }
    }
  }
  doc["summary"] = {{"training", summary_json(report.training_summary)},
                    {"fine_tuning", summary_json(fine_tuning_summary(set, report))},
                    {"serving", summary_json(report.serving_summary)}};
  return doc.dump(1) + "\n";
}

std::string render_report_table(const CalibrationSet& set, const CalibrationReport& report,
                                const std::vector<std::string>& held_out_groups) {
  std::string text =
      held_out_groups.empty()
          ? fmt::format(
                "Calibration of ftcost's models against {}\n"
                "(catalog defaults, no per-case tuning; error = predicted / measured - 1)\n\n",
                set.file)
          : fmt::format(
                "Leave-one-source-out cross-validation on {}\n"
                "(each case predicted with defaults fitted to the {} other sources' cases; error = predicted / "
                "measured - 1)\n\n",
                set.file, held_out_groups.size() - 1);
  table_section(text, "Training", report.training, report.training_summary);
  const CalibrationSummary fine_tuning = fine_tuning_summary(set, report);
  if (fine_tuning.cases > 0) {
    text += fmt::format("Fine-tuning subset (full, LoRA, QLoRA on at most 16 GPUs): {}\n\n", summary_line(fine_tuning));
  }
  table_section(text, "Serving", report.serving, report.serving_summary);
  unscored_section(text, set.unscored);
  return text;
}

}  // namespace

void setup_calibrate(CLI::App& app, CalibrateOptions& options) {
  auto* cmd = app.add_subcommand("calibrate", "Compare the models with measured training and serving runs");
  cmd->add_option("files", options.files,
                  "Measurements in the ftcost-calibration/1 format (.json or .yaml); several files are read as one set")
      ->required();
  cmd->add_option("-f,--format", options.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  auto* fit =
      cmd->add_flag("--fit", options.fit,
                    "Fit utilisation defaults (training matmul efficiency, recompute cost, MoE share, serving compute "
                    "efficiency and per-step overheads) to "
                    "the files and print them as an ftcost-catalog/1 overlay for `estimate --catalog`");
  cmd->add_flag("--cross-validate", options.cross_validate,
                "Leave one source out: predict each source's cases with defaults fitted (as --fit) to all other "
                "sources, and summarise those out-of-sample errors")
      ->excludes(fit);
  cmd->add_flag("--strict", options.strict,
                "Fail (exit 2) on a case calibrate cannot score (a malformed field, a GPU or precision the catalog "
                "lacks, a method it does not model) instead of leaving it unscored with a warning");
  cmd->add_option("-o,--output", options.output, "Write to this file (atomically) instead of stdout");
  add_catalog_options(*cmd, options.catalog);
  cmd->footer(
      "Examples:\n"
      "  ftcost calibrate ../shared/calibration/published.json\n"
      "  ftcost calibrate my-runs.json --format json\n"
      "  ftcost calibrate tests/calibration/published.json tests/calibration/added.json --cross-validate\n"
      "  ftcost calibrate my-runs.json --fit -o fitted.json && ftcost estimate scenario.yaml --catalog fitted.json");
}

int run_calibrate(const CalibrateOptions& options) {
  const Catalog catalog = load_catalog(options.catalog);
  std::vector<CalibrationSet> sets;
  for (const std::string& file : options.files) sets.push_back(load_calibration(load_document(file), catalog));
  const CalibrationSet set = merge_sets(std::move(sets));
  if (!set.unscored.empty() && (options.strict || (set.training.empty() && set.serving.empty()))) {
    const UnscoredCase& first = set.unscored.front();
    const std::size_t count = set.unscored.size();
    const std::string problem =
        !options.strict ? fmt::format("{}; {} could be scored", first.problem,
                                      count == 1 ? std::string("no case") : fmt::format("none of the {} cases", count))
        : count > 1 ? fmt::format("{}; {} cannot be scored either, each listed without --strict", first.problem,
                                  count == 2 ? std::string("1 more case") : fmt::format("{} more cases", count - 1))
                    : first.problem;
    throw InputError(first.where, first.field, problem, first.fix);
  }
  for (const UnscoredCase& c : set.unscored) warn(unscored_text(c));
  if (!set.ignored_fields.empty()) {
    note(fmt::format("ftcost: note: calibrate does not read {} (kept in the file, not used)\n",
                     fmt::join(set.ignored_fields, ", ")));
  }
  if (options.cross_validate) {
    const CrossValidation cv = cross_validate(set, catalog, today_iso());
    write_output(options.output, options.format == "json" ? render_report_json(set, cv.held_out, cv.groups)
                                                          : render_report_table(set, cv.held_out, cv.groups));
    return static_cast<int>(ExitCode::ok);
  }
  const CalibrationReport report = run_calibration(set, catalog);
  if (options.fit) {
    const std::vector<DefaultValue> fitted = fit_defaults(set, catalog, today_iso());
    const CalibrationReport after = run_calibration(set, with_defaults(catalog, fitted));
    note(fmt::format("ftcost: fitted {} defaults to {} cases{}\n", fitted.size(),
                     set.training.size() + set.serving.size(),
                     set.unscored.empty() ? "" : fmt::format(" ({} left unscored)", set.unscored.size())));
    if (!set.training.empty()) {
      note(fmt::format("  training: {} -> {}\n", percent(report.training_summary.median_abs_error),
                       summary_line(after.training_summary)));
    }
    if (!set.serving.empty()) {
      note(fmt::format("  serving:  {} -> {}\n", percent(report.serving_summary.median_abs_error),
                       summary_line(after.serving_summary)));
    }
    write_output(options.output, defaults_overlay(fitted));
    return static_cast<int>(ExitCode::ok);
  }
  const std::string text =
      options.format == "json" ? render_report_json(set, report, {}) : render_report_table(set, report, {});
  write_output(options.output, text);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
