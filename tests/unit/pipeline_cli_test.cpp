// The ftcost executable in pipelines: exit codes, -o, stdin, formats and golden outputs
// (tests/golden/pipeline/, regenerated on purpose with tools/update-golden.sh).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "ftcost/render/render.hpp"
#include "pipeline_support.hpp"

using pipeline_test::check_golden;
using pipeline_test::read_text;
using pipeline_test::run_ftcost;
using pipeline_test::scratch_dir;
using pipeline_test::write_text;

namespace {
const std::string support = "examples/support-assistant-8b-lora.yaml";
const std::string breached = "tests/fixtures/pipeline/budget-breached.yaml";
// The shipped trust flags the support example meets on 2026-12-02 (data/apis.json and
// data/finetune.json dated by OpenAI's deprecations page).
}  // namespace

TEST_CASE("golden: estimate as CSV and Markdown", "[golden]") {
  // Stale-price warnings would depend on the date: prices of any age are accepted here.
  // Pinned to a date: a sunset ahead today is a sunset past later.
  const auto csv = run_ftcost("estimate " + support + " --format csv --max-price-age-days 36500 --today 2026-12-02");
  REQUIRE(csv.exit_code == 0);
  // Only the shipped trust flags: OpenAI's retiring GPT-4o mini and GPT-4.1 and its fine-tuning
  // wind-down (l40s@nebius is read from SkyPilot's catalog, verified).
  CHECK(csv.err.empty());  // the example relies on no retiring, unverified or (so dated) stale price
  check_golden("estimate-support.csv", csv.out);

  // Its warnings say how many days old each stale price is: pinned to a date, or the golden ages.
  const auto md =
      run_ftcost("estimate " + support + " --format markdown --set hosting.queries_per_month=3M --today 2026-12-02");
  REQUIRE(md.exit_code == 0);
  check_golden("estimate-support-3M.md", md.out);
}

TEST_CASE("golden: check output in every format when a budget is breached", "[golden]") {
  for (const auto& [format, file] :
       {std::pair{"table", "check-breached.txt"}, std::pair{"markdown", "check-breached.md"},
        std::pair{"csv", "check-breached.csv"}}) {
    INFO(format);
    const auto run = run_ftcost("check " + breached + " --format " + format);
    CHECK(run.exit_code == 3);
    check_golden(file, run.out);
    // CI logs show the breach even when stdout goes to a file.
    CHECK(run.err ==
          "ftcost: budget exceeded for self-hosted: max_total_usd $37,244 > $30,000 (over by $7,244); "
          "require_break_even_within_months: never breaks even\n");
  }
  const auto json = run_ftcost("check " + breached + " --format json");
  CHECK(json.exit_code == 3);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["budget"]["breaches"] == 2);
  CHECK(doc["budget"]["limits"][0]["limit"] == "max_total_usd");
  CHECK(doc["budget"]["limits"][0]["overshoot"].get<double>() ==
        Approx(doc["options"][0]["horizon_total_usd"].get<double>() - 30000));
}

TEST_CASE("golden: estimate --check adds the budget to the table and exits 3", "[golden]") {
  const auto run = run_ftcost("estimate " + support + " --check --max-total 250k --max-monthly 10k --today 2026-12-02");
  CHECK(run.exit_code == 3);  // total $271,284 > $250,000
  check_golden("estimate-check-support.txt", run.out);
  // CSV stays one table of line items; the breach, with its overshoot, is on stderr.
  const auto csv = run_ftcost("estimate " + support +
                              " --check --max-total 250k -f csv --max-price-age-days 36500 --today 2026-12-02");
  CHECK(csv.exit_code == 3);
  CHECK(csv.err == "ftcost: budget exceeded for self-hosted: max_total_usd $271,284 > $250,000 (over by $21,284)\n");
}

TEST_CASE("check exits 0 within budget, 3 over it, 2 without limits") {
  CHECK(run_ftcost("check " + support + " --max-total 300k --max-monthly 10k").exit_code == 0);
  CHECK(run_ftcost("check " + support + " --max-total 250k").exit_code == 3);
  // Flags override the file's limits: the fixture passes with a looser total and no break-even rule.
  CHECK(run_ftcost("check " + breached + " --max-total 40k --require-break-even-within 1000").exit_code == 3);
  CHECK(run_ftcost("check " + breached + " --max-total 40k --set budget.require_break_even_within_months=null")
            .exit_code == 0);
  const auto none = run_ftcost("check " + support);
  CHECK(none.exit_code == 2);
  CHECK(none.out.empty());
  CHECK(none.err ==
        "ftcost: error: examples/support-assistant-8b-lora.yaml: budget: no budget limits to check (add a "
        "`budget:` section or a flag such as --max-total 250k)\n");
  // The budget can apply to another option.
  CHECK(run_ftcost("check " + support + " --max-total 120k --budget-option api:claude-haiku-4.5").exit_code == 0);
  const auto unknown = run_ftcost("check " + support + " --max-total 120k --budget-option api:nope");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err ==
        "ftcost: error: --budget-option api:nope: budget.option: no option 'api:nope' in this scenario (use one of: "
        "self-hosted, api:claude-haiku-4.5, finetune:fireworks-lora-up-to-16b)\n");
  // estimate without --check shows the limits but does not fail the run.
  CHECK(run_ftcost("estimate " + breached).exit_code == 0);
}

TEST_CASE("a lead from the start breaks even at month 0 if it outlasts the horizon, never if it is spent within") {
  // 5,000 hours of prompt engineering make the API dearer up front than the whole fine-tune; it still
  // costs $6,315 a month less, so self-hosting's lead lasts 55.1 months, past the 24-month horizon.
  const std::string lasting = support + " --set 'alternatives.managed_api[0].prompt_engineering_hours=5000'";
  CHECK(run_ftcost("check " + lasting + " --require-break-even-within 12").exit_code == 0);
  const auto json = nlohmann::json::parse(run_ftcost("estimate " + lasting + " -f json").out);
  const auto& vs_api = json["break_even"][0];
  CHECK(vs_api["month"] == 0);
  CHECK(vs_api["cheaper_until_month"].get<double>() == Approx(55.14).epsilon(1e-3));
  CHECK(vs_api["self_hosted_cheaper_over_horizon"] == true);
  // Without the managed fine-tune the recommendation weighs the API: a lead, nothing to recover.
  const auto alone = run_ftcost("estimate " + lasting + " --set alternatives.managed_finetune=null");
  CHECK_THAT(alone.out, Catch::Contains("it costs less up front than API claude-haiku-4.5 + few-shot, and that lead "
                                        "lasts until month 55.1, past the 24-month horizon"));
  const auto markdown = run_ftcost("estimate " + lasting + " -f markdown");
  CHECK_THAT(markdown.out, Catch::Contains("so the lead lasts until month 55.1 — after the horizon"));
  // With 2,000 hours the lead is spent in month 15.9: never, and the cumulative chart marks the month.
  const std::string spent = support + " --set 'alternatives.managed_api[0].prompt_engineering_hours=2000'";
  CHECK(run_ftcost("check " + spent + " --require-break-even-within 12").exit_code == 3);
  const auto chart = run_ftcost("chart " + spent + " --kind cumulative -o -");
  CHECK(chart.exit_code == 0);
  CHECK(chart.out.find("lead spent: month 15.9") != std::string::npos);
}

TEST_CASE("a sensitivity bar says infeasible where the models refuse the input, never where there is no break-even") {
  const auto run = run_ftcost("estimate " + support +
                              " --set 'hosting.input_tokens={low: 500, likely: 600, high: 3000000}' -f json");
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  int bars = 0;
  for (const auto& tornado : json["sensitivity"]["break_even_volume"]) {
    for (const auto& bar : tornado["bars"]) {
      if (bar["field"] != "hosting.input_tokens") continue;
      ++bars;
      CHECK(bar["infeasible_at_low"] == false);
      CHECK(bar["infeasible_at_high"] == true);  // 1.1M tokens at P90: no replica meets the latency target
      CHECK(bar["output_at_high"].is_null());
    }
  }
  CHECK(bars == 2);  // one per break-even: the API and the managed fine-tune
  const auto table =
      run_ftcost("estimate " + support + " --set 'hosting.input_tokens={low: 500, likely: 600, high: 3000000}'");
  CHECK(table.out.find("hosting.input_tokens                     327k → infeasible") != std::string::npos);
}

TEST_CASE("bad input and usage exit 2 with one stderr line and nothing on stdout") {
  for (const std::string& args : std::vector<std::string>{
           "estimate missing.yaml", "estimate " + support + " --format xml",
           "estimate " + support + " --set hosting.queries_per_month=lots", "estimate " + support + " --max-total nope",
           "validate missing.yaml", "schema nothing", "frobnicate"}) {
    INFO(args);
    const auto run = run_ftcost(args);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
  const auto set = run_ftcost("estimate " + support + " --set hosting.querys_per_month=3M");
  CHECK(set.err ==
        "ftcost: error: --set hosting.querys_per_month=3M: hosting.querys_per_month: unknown field "
        "(did you mean 'queries_per_month'?)\n");
}

TEST_CASE("output files are written atomically: a failing run leaves an existing file untouched") {
  const auto out = scratch_dir() / "estimate.json";
  write_text(out, "previous result\n");
  const auto failing =
      run_ftcost("estimate " + support + " --set hosting.gpu=no-such-gpu -f json -o '" + out.string() + "'");
  CHECK(failing.exit_code == 2);
  CHECK(read_text(out) == "previous result\n");

  const auto ok = run_ftcost("estimate " + support + " -f json -o '" + out.string() + "'");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.empty());
  CHECK(nlohmann::json::parse(read_text(out))["format"] == "ftcost-estimate/1");
  // No temporary file is left next to it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(out.parent_path())) {
    files += entry.path().filename().string().rfind(".estimate.json.tmp", 0) == 0;
  }
  CHECK(files == 0);
}

TEST_CASE("a scenario can come from stdin") {
  const std::string text = read_text(std::string(FTCOST_SOURCE_DIR) + "/" + support);
  const auto piped = run_ftcost("estimate - -f csv", text);
  CHECK(piped.exit_code == 0);
  CHECK(piped.out == run_ftcost("estimate " + support + " -f csv").out);
}

TEST_CASE("init writes a starter that validates, and does not overwrite without --force") {
  const auto file = scratch_dir() / "starter.yaml";
  std::filesystem::remove(file);
  CHECK(run_ftcost("init -o '" + file.string() + "'").exit_code == 0);
  const auto valid = run_ftcost("validate '" + file.string() + "'");
  CHECK(valid.exit_code == 0);
  CHECK(valid.out.find("valid scenario 'My fine-tune'") != std::string::npos);
  CHECK(run_ftcost("init -o '" + file.string() + "'").exit_code == 2);
  CHECK(run_ftcost("init --force -o '" + file.string() + "'").exit_code == 0);
  CHECK(run_ftcost("init").out == read_text(file));
  // A new user's first estimate compares against what can still be bought: no lifecycle warning.
  const auto first = run_ftcost("estimate '" + file.string() + "' --today 2026-12-04");
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.err, !Catch::Contains("sunset") && !Catch::Contains("deprecated"));
}

TEST_CASE("schema, --version and --help") {
  CHECK(run_ftcost("schema output").out == read_text(std::string(FTCOST_SOURCE_DIR) + "/schemas/estimate.schema.json"));
  CHECK(run_ftcost("schema scenario").out ==
        read_text(std::string(FTCOST_SOURCE_DIR) + "/schemas/scenario.schema.json"));
  CHECK(run_ftcost("--version").out == std::string("ftcost ") + FTCOST_VERSION + "\n");
  for (const char* command : {"estimate", "check", "diff", "sweep", "init", "validate", "schema"}) {
    INFO(command);
    const auto help = run_ftcost(std::string(command) + " --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Examples:") != std::string::npos);
  }
}

TEST_CASE("colour only on a terminal and never with NO_COLOR") {
  // Every combination of the three inputs; only a terminal on stdout without NO_COLOR gets colour.
  CHECK(ftcost::color_wanted(true, true, nullptr));
  CHECK(ftcost::color_wanted(true, true, ""));  // NO_COLOR set but empty does not count (no-color.org)
  CHECK_FALSE(ftcost::color_wanted(true, true, "1"));
  CHECK_FALSE(ftcost::color_wanted(true, false, nullptr));  // a pipe or a file on stdout
  CHECK_FALSE(ftcost::color_wanted(false, true, nullptr));  // -o FILE
  // The real binary on a pseudo-terminal (util-linux `script`), with NO_COLOR unset and set.
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    WARN("script(1) not installed: terminal colour not checked end to end");
    return;
  }
  const auto dir = scratch_dir();
  const std::string estimate = "'" FTCOST_BINARY "' estimate " + support + " --max-price-age-days 36500";
  const auto on_terminal = [&](const std::string& env, const std::string& name) {
    const auto log = dir / name;
    const std::string command = "cd '" FTCOST_SOURCE_DIR "' && " + env + " script -qec \"" + estimate + "\" '" +
                                log.string() + "' >/dev/null 2>&1";
    CHECK(std::system(command.c_str()) == 0);
    return read_text(log);
  };
  CHECK(on_terminal("env -u NO_COLOR", "tty-colour.log").find("\x1b[") != std::string::npos);
  CHECK(on_terminal("NO_COLOR=1", "tty-no-colour.log").find("\x1b[") == std::string::npos);
  // Under ctest stdout is not a terminal, and run_ftcost sets NO_COLOR: no escape codes.
  const auto run = run_ftcost("estimate " + support);
  CHECK(run.out.find('\x1b') == std::string::npos);
}

TEST_CASE("a mistyped command names the nearest one, exit 2") {
  const auto top = run_ftcost("estimat " + support);
  CHECK(top.exit_code == 2);
  CHECK(top.out.empty());
  CHECK(top.err == "ftcost: error: unknown command 'estimat'; did you mean 'estimate'? (see ftcost --help)\n");
  // The same after a global option that takes a value, and one level down.
  CHECK(run_ftcost("--catalog tests/fixtures/catalog/h100-runpod-2usd.yaml estimat x.yaml").err == top.err);
  const auto nested = run_ftcost("catalog lst gpus");
  CHECK(nested.exit_code == 2);
  CHECK(nested.err ==
        "ftcost: error: unknown catalog command 'lst'; did you mean 'list'? (see ftcost catalog --help)\n");
  // Nothing close: the commands are listed.
  CHECK(
      run_ftcost("frobnicate").err ==
      "ftcost: error: unknown command 'frobnicate'; the commands are estimate, chart, check, diff, sweep, plan, init, "
      "validate, schema, catalog, calibrate (see ftcost --help)\n");
  // A mistyped option: what, for which command, the nearest option, and that command's help.
  const auto mistyped = run_ftcost("check " + support + " --max-totl 100k");
  CHECK(mistyped.exit_code == 2);
  CHECK(mistyped.out.empty());
  CHECK(mistyped.err ==
        "ftcost: error: unknown option '--max-totl' for 'ftcost check'; did you mean '--max-total'? "
        "(see ftcost check --help)\n");
  CHECK(run_ftcost("catalog list gpus --formt json").err ==
        "ftcost: error: unknown option '--formt' for 'ftcost catalog list'; did you mean '--format'? "
        "(see ftcost catalog list --help)\n");
  CHECK(run_ftcost("--qiet estimate " + support).err ==
        "ftcost: error: unknown option '--qiet'; did you mean '--quiet'? (see ftcost --help)\n");
  // Nothing close: no guess.
  CHECK(run_ftcost("estimate " + support + " --bogus").err ==
        "ftcost: error: unknown option '--bogus' for 'ftcost estimate' (see ftcost estimate --help)\n");
  // An option of another command says whose it is.
  CHECK(run_ftcost("estimate " + support + " --fit").err ==
        "ftcost: error: unknown option '--fit' for 'ftcost estimate'; it is an option of 'ftcost calibrate' "
        "(see ftcost estimate --help)\n");
  // Short flags run together before a mistyped command do not hide it.
  CHECK(run_ftcost("-qq estimat x.yaml").err == top.err);
  // A value out of its list: CLI11's words and the help of the command that defines the option.
  CHECK(run_ftcost("estimate " + support + " -f xml").err ==
        "ftcost: error: --format: xml not in {table,json,csv,markdown,html} (see ftcost estimate --help)\n");
  CHECK(run_ftcost("estimate " + support + " --color=sometimes").err ==
        "ftcost: error: --color: sometimes not in {auto,always,never} (see ftcost --help)\n");
  // A mistyped global option before the command: its value is not taken for a command.
  CHECK(run_ftcost("--catalg x.yaml estimate " + support).err ==
        "ftcost: error: unknown option '--catalg'; did you mean '--catalog'? (see ftcost --help)\n");
  // Short options run together are read as CLI11 reads them: -qf json and -fjson are right, -qz names -z.
  CHECK(run_ftcost("estimate " + support + " -qf json").exit_code == 0);
  CHECK(run_ftcost("estimate " + support + " -q -fjson").exit_code == 0);
  CHECK(run_ftcost("estimate " + support + " -qz").err ==
        "ftcost: error: unknown option '-z' for 'ftcost estimate' (see ftcost estimate --help)\n");
  // Each suggestion once, though every command has --help.
  CHECK(run_ftcost("estimate " + support + " --help-al").err ==
        "ftcost: error: unknown option '--help-al' for 'ftcost estimate'; did you mean '--help-all' or '--help'? "
        "(see ftcost estimate --help)\n");
  // Not an option problem: CLI11's own message, also after bundled or attached short options.
  CHECK(run_ftcost("estimate " + support + " extra.yaml -qf json").err ==
        "ftcost: error: The following argument was not expected: extra.yaml (see ftcost estimate --help)\n");
  CHECK(run_ftcost("estimate " + support + " extra.yaml").err ==
        "ftcost: error: The following argument was not expected: extra.yaml (see ftcost estimate --help)\n");
}

TEST_CASE("bare ftcost prints the overview and exits 0") {
  const auto bare = run_ftcost("");
  CHECK(bare.exit_code == 0);
  CHECK(bare.err.empty());
  const std::string start = "ftcost — what fine-tuning an LLM really costs, and whether it pays off\nUsage: ftcost ";
  CHECK(bare.out.rfind(start, 0) == 0);
  CHECK(bare.out == run_ftcost("--help").out);
}

TEST_CASE("every command's --help shows its own examples") {
  for (const char* command : {"estimate", "chart", "check", "diff", "sweep", "init", "validate", "schema", "calibrate",
                              "catalog list", "catalog show", "catalog validate", "catalog import"}) {
    INFO(command);
    const auto help = run_ftcost(std::string(command) + " --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Examples:\n  ftcost " + std::string(command)) != std::string::npos);
    CHECK(help.out.find("ftcost --help-all") == std::string::npos);  // not the top-level examples
  }
}

TEST_CASE("estimate warns about each shipped API price that is unverified, deprecated or past its sunset") {
  const auto run = run_ftcost("estimate tests/fixtures/pipeline/flagged-api-prices.yaml --max-price-age-days 36500");
  REQUIRE(run.exit_code == 0);
  CHECK(run.err ==
        "ftcost: warning: price mistral-small-3 is unverified (recalled, assumed or derived; check it before "
        "relying on it)\n"
        "ftcost: warning: price claude-opus-4.1 reached its sunset on 2026-08-05: it can no longer be bought\n"
        "ftcost: warning: price gemini-2.0-flash is deprecated since 2026-06-01 (look for its successor)\n");
  CHECK(run.out.find("[unverified]") != std::string::npos);  // "Prices used" marks it too
}

TEST_CASE("quiet (-q, --quiet) drops the warnings, not the results or the errors") {
  // The support example with its L40S price marked unverified by an overlay, beside the shipped
  // flags (OpenAI's retiring models and fine-tuning wind-down): warnings to drop.
  const std::string unverified = " --catalog tests/fixtures/catalog/l40s-unverified.yaml";
  const auto loud = run_ftcost("estimate " + support + unverified + " --max-price-age-days 36500 --today 2026-12-02");
  REQUIRE(loud.exit_code == 0);
  CHECK(loud.err ==
        "ftcost: warning: price l40s@nebius/on_demand is unverified (recalled, assumed or derived; "
        "check it before relying on it)\n");
  for (const std::string& args : {"estimate " + support + unverified + " --max-price-age-days 36500 --quiet",
                                  "-q estimate " + support + unverified + " --max-price-age-days 36500"}) {
    INFO(args);
    const auto quiet = run_ftcost(args);
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
    CHECK(quiet.out == loud.out);
  }
  // A budget breach is a result: still reported on stderr, still exit 3. Errors still say what is wrong.
  const auto breach = run_ftcost("check " + breached + " --quiet");
  CHECK(breach.exit_code == 3);
  CHECK(breach.err.rfind("ftcost: budget exceeded for self-hosted: ", 0) == 0);
  const auto error = run_ftcost("estimate missing.yaml --quiet");
  CHECK(error.exit_code == 2);
  CHECK(error.err.rfind("ftcost: error: ", 0) == 0);
}

TEST_CASE("colour by --color=always|never|auto") {
  const std::string estimate = "estimate " + support + " -q";
  // run_ftcost writes stdout to a file with NO_COLOR set: auto and never give no colour, always does.
  CHECK(run_ftcost(estimate).out.find('\x1b') == std::string::npos);
  CHECK(run_ftcost(estimate + " --color=never").out.find('\x1b') == std::string::npos);
  const auto always = run_ftcost(estimate + " --color=always");
  CHECK(always.exit_code == 0);
  CHECK(always.out.find("\x1b[1mSupport assistant") != std::string::npos);
  CHECK(run_ftcost("--color always " + estimate).out == always.out);
  const auto bad = run_ftcost(estimate + " --color=sometimes");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "ftcost: error: --color: sometimes not in {auto,always,never} (see ftcost --help)\n");
  // never wins over a terminal (util-linux `script` gives the binary a pseudo-terminal).
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    WARN("script(1) not installed: --color=never on a terminal not checked");
    return;
  }
  const auto log = scratch_dir() / "tty-never.log";
  const std::string command = "cd '" FTCOST_SOURCE_DIR "' && env -u NO_COLOR script -qec \"'" FTCOST_BINARY "' " +
                              estimate + " --color=never\" '" + log.string() + "' >/dev/null 2>&1";
  CHECK(std::system(command.c_str()) == 0);
  const std::string text = read_text(log);
  CHECK(text.find("Support assistant") != std::string::npos);
  CHECK(text.find("\x1b[") == std::string::npos);
}

TEST_CASE("training a mixture of experts says which training stack the estimate priced") {
  const auto run = run_ftcost("estimate tests/fixtures/moe-fine-tune.yaml -f json --today 2026-12-02");
  REQUIRE(run.exit_code == 0);
  const auto doc = nlohmann::json::parse(run.out);
  int found = 0;
  for (const auto& warning : doc["warnings"]) {
    if (warning["code"] != "moe_training_stack") continue;
    ++found;
    CHECK(warning["price"].is_null());
    CHECK(warning["message"].get<std::string>().rfind("training: qwen3-30b-a3b is a mixture of experts, priced as "
                                                      "Megatron or NeMo Automodel run it",
                                                      0) == 0);
  }
  CHECK(found == 1);
  // A measured training.mfu is the user's own stack: nothing to warn about.
  const auto measured =
      run_ftcost("estimate tests/fixtures/moe-fine-tune.yaml --set training.mfu=0.1 --today 2026-12-02");
  REQUIRE(measured.exit_code == 0);
  CHECK(measured.err.find("moe") == std::string::npos);
  // A dense model is not flagged.
  CHECK(run_ftcost("estimate " + support + " --today 2026-12-02").err.find("mixture of experts") == std::string::npos);
}

TEST_CASE("a managed fine-tune priced by size must cover the model, and says which tier does") {
  const auto mixtral = run_ftcost("estimate " + support + " --set model=mixtral-8x7b");
  CHECK(mixtral.exit_code == 2);
  CHECK(mixtral.out.empty());
  CHECK(mixtral.err ==
        "ftcost: error: examples/support-assistant-8b-lora.yaml:67:7: alternatives.managed_finetune[0].offer: "
        "fireworks-lora-up-to-16b prices models of at most 16B parameters, and mixtral-8x7b has 46.7B (use "
        "`offer: fireworks-lora-16b-80b`)\n");
  const auto deepseek = run_ftcost("estimate " + support + " --set model=deepseek-v3");
  CHECK(deepseek.exit_code == 2);
  CHECK_THAT(deepseek.err, Catch::Contains("deepseek-v3 has 671B (the price book has no fireworks tier"));
  CHECK(run_ftcost("estimate " + support +
                   " --set model=mixtral-8x7b --set 'alternatives.managed_finetune[0].offer=fireworks-lora-16b-80b'")
            .exit_code == 0);
}

TEST_CASE("a dedicated deployment that misses the latency target is an error of its own entry") {
  // Self-hosting on a B200 meets 12 ms a token; the managed fine-tune's H100 deployment does not.
  const std::string args = "estimate " + support + " --set hosting.gpu=b200 --set hosting.max_ms_per_output_token=12";
  const auto run = run_ftcost(args);
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(run.err ==
        "ftcost: error: examples/support-assistant-8b-lora.yaml:67:7: alternatives.managed_finetune[0]: "
        "fireworks-lora-up-to-16b's dedicated deployment on h100-sxm: hosting.max_ms_per_output_token: the latency "
        "target of 12 ms per output token cannot be met: llama-3.1-8b on 1 × h100-sxm takes 12.3 ms per token even "
        "one request at a time (write `hosting_units:` in this entry to price a fixed deployment instead, or relax "
        "that field)\n");
  // A fixed deployment is priced as written.
  CHECK(run_ftcost(args + " --set 'alternatives.managed_finetune[0].hosting_units=1'").exit_code == 0);
}

TEST_CASE("the bands where a dedicated deployment is cheaper again are named wherever its break-even is") {
  // At 20M questions a month self-hosting wins; against Fireworks' two-H100 deployment it is ahead at
  // every volume except in two bands where its L40S fleet adds a replica first. (At 60 ms per output
  // token: at the example's 40 a self-hosted replica carries so little that the deployment wins above
  // 15.4M, and there are no bands.)
  const std::string relaxed = " --set hosting.max_ms_per_output_token=60";
  const auto run = run_ftcost("estimate " + support + relaxed + " --set hosting.queries_per_month=20M");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("    volume: self-hosting costs less over 24 months at every volume except in 2 "
                                      "bands where the dedicated deployment is cheaper (the first 25.8M–33.1M); above "
                                      "49.7M always\n"));
  CHECK_THAT(run.out, Catch::Contains("self-hosting beats Managed fine-tune fireworks-lora-up-to-16b at every volume "
                                      "except in 2 bands where the dedicated deployment is cheaper (the first "
                                      "25.8M–33.1M); always above 49.7M; you expect 20M"));
  CHECK_THAT(run.out, Catch::Contains("from 25.8M to 33.1M queries/month (and in the other bands) Managed fine-tune "
                                      "fireworks-lora-up-to-16b would cost less"));
  // The JSON carries them for scripts.
  const auto json_run = run_ftcost("estimate " + support + relaxed + " --set hosting.queries_per_month=20M -f json");
  REQUIRE(json_run.exit_code == 0);
  CHECK_THAT(json_run.out, Catch::Contains("\"bands\": 2"));
}

TEST_CASE("the volume that would favour self-hosting binds on every option that lasts, bands named") {
  // The API is chosen at 1M; self-hosting beats it above 4.89M, and beats Fireworks' deployment at every
  // volume but two bands: the reason and the Markdown summary say both.
  const std::string relaxed = " --set hosting.max_ms_per_output_token=60";  // as above: bands at 60 ms
  const auto run = run_ftcost("estimate " + support + relaxed);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("self-hosting would win only above 4.89M queries/month (except in 2 bands "
                                      "where Managed fine-tune fireworks-lora-up-to-16b is cheaper, the first "
                                      "25.8M–33.1M; always above 49.7M); you expect 1M"));
  CHECK_THAT(run.out,
             Catch::Contains("volume above 4.89M queries/month would favour self-hosting, outside those bands"));
  const auto md = run_ftcost("estimate " + support + relaxed + " -f markdown");
  CHECK_THAT(md.out, Catch::Contains("- vs Managed fine-tune fireworks-lora-up-to-16b: self-hosting costs less over "
                                     "24 months at every volume except in 2 bands"));
}

TEST_CASE("a retiring model that only generates synthetic data does not put the fine-tune's verdict in doubt") {
  // Every fine-tune shares the data lines: GPT-4o mini's sunset (2027-01-14) is a warning, not a caution
  // that the self-hosted verdict holds only for what is running.
  const auto run = run_ftcost(
      "estimate examples/product-qa-high-volume.yaml --today 2026-12-04 --set "
      "data.synthetic.examples=5000 --set data.synthetic.api=gpt-4o-mini");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Recommendation: Fine-tune and self-host: Self-hosted llama-3.1-8b lora."));
  CHECK_THAT(run.out, !Catch::Contains("caution"));
  CHECK_THAT(run.err, Catch::Contains("ftcost: warning: price gpt-4o-mini has a sunset on 2027-01-14"));
}

TEST_CASE("an expected volume inside a band of the dedicated deployment is said to be there") {
  // At 30M questions a month Fireworks' deployment is the cheapest: the volume sits in the band
  // 25.8M–33.1M where self-hosting's L40S fleet has added a replica and the deployment has not (at
  // 60 ms per output token, as above).
  const auto run = run_ftcost("estimate " + support +
                              " --set hosting.max_ms_per_output_token=60 --set hosting.queries_per_month=30M");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Recommendation: Use a managed fine-tune: Managed fine-tune "
                                      "fireworks-lora-up-to-16b."));
  CHECK_THAT(run.out, Catch::Contains("self-hosting wins above 4.89M queries/month except in 2 bands where Managed "
                                      "fine-tune fireworks-lora-up-to-16b is cheaper, the first 25.8M–33.1M; always "
                                      "above 49.7M; you expect 30M, inside the band 25.8M–33.1M"));
  CHECK_THAT(run.out, Catch::Contains("volume above 4.89M queries/month, outside the bands (this one is 25.8M–33.1M), "
                                      "would favour self-hosting"));
}

TEST_CASE("against a per-token API an always-on fleet's replica steps make bands, named like a deployment's") {
  // Legal: one H100 replica ($2,153.50 a month) carries 109k queries (0.237 requests/s × 0.7 ×
  // 730 h / peak factor 4). On GPT-5.2 that traffic is worth about $1,860 a month, less than the
  // replica: self-hosting never catches up. On Claude Sonnet 4.5 it is worth a little more than the
  // replica, so each step claws back little and the API is cheaper again in five bands up to 4.91M.
  const auto run = run_ftcost("estimate examples/legal-70b-qlora.yaml -q");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("    volume: never: each replica costs $2,154/month and carries traffic worth "
                                      "$1,860/month on the other option, so more volume never pays the fixed costs "
                                      "back\n"));
  CHECK_THAT(run.out, Catch::Contains("    volume: self-hosting costs less over 36 months above 4.46M queries/month, "
                                      "except in 5 bands where API claude-sonnet-4.5 + few-shot is cheaper (the first "
                                      "4.47M–4.55M); above 4.91M always\n"));
  // At 4.51M, inside the first band, Sonnet costs less than self-hosting; at 4.56M, past it, more.
  const auto in_band = run_ftcost("estimate examples/legal-70b-qlora.yaml -q --set hosting.queries_per_month=4.51M");
  CHECK_THAT(in_band.out, Catch::Contains("Self-hosted FT             █████████████████ $3,919,655"));
  CHECK_THAT(in_band.out, Catch::Contains("claude-sonnet-4.5          █████████████████ $3,882,209"));
  const auto past = run_ftcost("estimate examples/legal-70b-qlora.yaml -q --set hosting.queries_per_month=4.56M");
  CHECK_THAT(past.out, Catch::Contains("claude-sonnet-4.5          █████████████████ $3,925,139"));
}

TEST_CASE("self-hosting chosen for its accuracy: the volume facts say where it costs more") {
  // Autoscaled at 1.3M queries GPT-5.2 is $86,238 cheaper, but the 15% gain is worth $3.51M: the
  // reasons must not present the break-even (1.5M) and the payback (49.2 months) as points in favour.
  const auto run = run_ftcost(
      "estimate examples/legal-70b-qlora.yaml -q --set hosting.autoscaling=true --set hosting.queries_per_month=1.3M");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Recommendation: Fine-tune and self-host"));
  CHECK_THAT(run.out, Catch::Contains("at the 1.3M queries/month you expect API gpt-5.2 + few-shot costs less "
                                      "($808,448 vs $894,686); self-hosting beats it above 1.5M queries/month"));
  CHECK_THAT(run.out, Catch::Contains("it would recover its up-front cost against API gpt-5.2 + few-shot only in "
                                      "49.2 months, after the 36-month horizon"));
  CHECK_THAT(run.out, !Catch::Contains("below 1.5M queries/month API gpt-5.2 + few-shot would cost less"));
}

TEST_CASE("a fixed-size deployment: self-hosting is cheaper only below a volume, not 'never'") {
  const auto run = run_ftcost("estimate " + support + " -q --set 'alternatives.managed_finetune[0].hosting_units=2'");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("    volume: self-hosting costs less only below 15.4M queries/month: the other "
                                      "option's cost does not grow with volume, so more queries only favour it\n"));
  const auto json =
      run_ftcost("estimate " + support + " -q -f json --set 'alternatives.managed_finetune[0].hosting_units=2'");
  CHECK_THAT(json.out, Catch::Contains("\"cheaper_only_below\": 15"));
}

TEST_CASE("at zero volume there is no cost per query, and a limit on it fails") {
  const std::string zero = " -q --set hosting.queries_per_month=0";
  const auto table = run_ftcost("estimate " + support + zero);
  REQUIRE(table.exit_code == 0);
  const auto row = table.out.find("Cost per 1,000 queries");
  REQUIRE(row != std::string::npos);
  const std::string line = table.out.substr(row, table.out.find('\n', row) - row);
  CHECK(line.find("$") == std::string::npos);
  CHECK(line.size() - line.rfind("n/a") == 3);
  const auto json = run_ftcost("estimate " + support + zero + " -f json");
  CHECK_THAT(json.out, Catch::Contains("\"cost_per_1k_queries_usd\": null"));
  // $271,284 over no queries is not within $0.01 per 1,000.
  const auto check = run_ftcost("check " + support + zero + " --max-cost-per-1k-queries 0.01");
  CHECK(check.exit_code == 3);
  CHECK_THAT(check.out, Catch::Contains("no queries"));
}

TEST_CASE("counts come whole, and a value past the largest allowed is told the largest") {
  const auto half = run_ftcost("estimate " + support + " --set hosting.min_replicas=1.5");
  CHECK(half.exit_code == 2);
  CHECK_THAT(half.err, Catch::Contains("hosting.min_replicas: 1.5 is not a whole number"));
  const auto units = run_ftcost("estimate " + support + " --set 'alternatives.managed_finetune[0].hosting_units=1.5'");
  CHECK(units.exit_code == 2);
  CHECK_THAT(units.err, Catch::Contains("hosting_units: 1.5 is not a whole number"));
  const auto gpus = run_ftcost("estimate " + support + " --set training.gpus=1.5");
  CHECK(gpus.exit_code == 2);
  CHECK_THAT(gpus.err, Catch::Contains("training.gpus: 1.5 is not a whole number"));
  const auto huge = run_ftcost("estimate " + support + " --set hosting.queries_per_month=2e15");
  CHECK(huge.exit_code == 2);
  CHECK_THAT(huge.err, Catch::Contains("2e+15 is out of range: it must be at most 1e+15"));
  // A range on a count draws whole counts, and its point estimate is whole too: uniform 1–2 is 2
  // replicas (its midpoint 1.5 rounded), 2 × 730 GPU-hours.
  const auto ranged =
      run_ftcost("estimate " + support + " -q --explain --set 'hosting.min_replicas={dist: uniform, low: 1, high: 2}'");
  CHECK(ranged.exit_code == 0);
  CHECK_THAT(ranged.out, Catch::Contains("2 replicas × 1 × l40s × 730 h"));
  CHECK_THAT(ranged.out, !Catch::Contains("1.5 replicas"));
}

TEST_CASE("an override creates a missing list, adds an item one past the end, and its errors name it") {
  const std::string low = "examples/low-volume-internal-tool.yaml";
  const auto added =
      run_ftcost("estimate " + low + " -q --set 'alternatives.managed_finetune[0].offer=fireworks-lora-up-to-16b'");
  CHECK(added.exit_code == 0);
  CHECK_THAT(added.out, Catch::Contains("FT fireworks-lora-up-to-16b"));
  const auto appended =
      run_ftcost("estimate " + low + " -q --set 'alternatives.managed_api[1].model=claude-sonnet-4.5'");
  CHECK(appended.exit_code == 0);
  CHECK_THAT(appended.out, Catch::Contains("claude-sonnet-4.5"));
  // An item the override created but left incomplete: the error points at the override, not the file.
  const auto incomplete =
      run_ftcost("estimate " + low + " -q --set 'alternatives.managed_finetune[0].hosting_units=2'");
  CHECK(incomplete.exit_code == 2);
  CHECK(incomplete.err.rfind("ftcost: error: --set alternatives.managed_finetune[0].hosting_units=2: "
                             "alternatives.managed_finetune[0].offer: is required",
                             0) == 0);
  const auto gap = run_ftcost("estimate " + low + " -q --set 'alternatives.managed_api[5].model=x'");
  CHECK(gap.exit_code == 2);
  CHECK_THAT(gap.err, Catch::Contains("'5' is not an item of this list (1 items)"));
}

TEST_CASE("a recipe's batch the plan does not run says whether memory or the time model stopped it") {
  // LoRA of an 8B on one 24 GB RTX 4090 at 384 tokens, a recipe batch of 16: 23.2 usable − 16.7 of
  // states − 2 reserved leaves 4.5 GB, and a sequence with every layer recomputed takes 0.55 GB, so 8
  // fit; the time model rates 2 with nothing recomputed faster. Memory is not what stopped it.
  const auto run = run_ftcost("estimate " + support +
                              " -q --explain --set training.gpu=rtx-4090 --set training.gpus=1 --set "
                              "training.method=lora --set training.seq_len=384 --set training.micro_batch=16");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("2 sequences per micro-batch (training.micro_batch 16 at most; up to 8 fit "
                                      "with every layer recomputed (over as many GPUs as help), which the time "
                                      "model rates slower)"));
  CHECK_THAT(run.out, !Catch::Contains("no more fit"));
}

TEST_CASE("the memory plan shows its terms: what the states hold, the activations' two ends, the GiB") {
  // Llama 3.1 8B QLoRA on one RTX 4090: 0.5625 B × 6.98B NF4 + 2 B × 1.05B vocabulary (bf16) + 16 B ×
  // 41.9M adapters = 6.70 GB of states; one 1,024-token sequence keeps 34 · s · d · L = 4.56 GB plus
  // 8 B × 1,024 × 128,256 = 1.05 GB of fp32 logits and their gradient (5.61), or 0.41 + 1.05 = 1.46
  // with every layer recomputed; 24 GiB × 0.9 = 23.2 GB usable.
  const auto dir = scratch_dir();
  const auto file = dir / "qlora-4090.yaml";
  std::ofstream(file)
      << "version: 1\nname: q\ndata: {examples: 10k, tokens_per_example: 1024}\nmodel: llama-3.1-8b\n"
         "training: {method: qlora, epochs: 1, gpu: rtx-4090, gpus: 1, usd_per_gpu_hour: 0.5, "
         "seq_len: 1024}\nhosting: {queries_per_month: 100k, input_tokens: 500, output_tokens: 200, gpu: rtx-4090, "
         "usd_per_gpu_hour: 0.5}\n";
  const auto run = run_ftcost("estimate '" + file.string() + "' -q --explain");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("states 6.70 (0.5625 B × 6.98B in NF4 + 2 B × 1.05B vocabulary matrices in "
                                      "bf16 + 16 B × 41.9M trained, one GPU)"));
  CHECK_THAT(run.out, Catch::Contains("between 5.61 all kept and 1.46 with every layer recomputed, each with 1.05 of "
                                      "fp32 logits and their gradient"));
  CHECK_THAT(run.out, Catch::Contains("of 23.19 usable (24 GiB = 25.8 GB × 0.9 training.memory_usable_share)"));
}

TEST_CASE("a fixed-size deployment caps the volumes where self-hosting wins, and the reasons say between which") {
  const std::string fixed = " -q --set 'alternatives.managed_finetune[0].hosting_units=2'";
  // At 1M the API wins; self-hosting would beat it above 4.89M (but for one band where the API is
  // cheaper again) and Fireworks' two fixed H100s below 15.4M.
  const auto low = run_ftcost("estimate " + support + fixed);
  REQUIRE(low.exit_code == 0);
  CHECK_THAT(low.out, Catch::Contains("self-hosting would win only between 4.89M and 15.4M queries/month (above that "
                                      "Managed fine-tune fireworks-lora-up-to-16b costs less: its cost grows more "
                                      "slowly with volume), except from 5.13M to 5.39M queries/month, where API "
                                      "claude-haiku-4.5 + few-shot is cheaper; you expect 1M"));
  // Inside the window the API's bands still count: at 10.3M with $4 GPUs and four fixed H100s, the
  // expected volume sits in the API's band 10.27M–10.32M.
  const auto banded = run_ftcost("estimate " + support +
                                 " -q --set hosting.usd_per_gpu_hour=4 --set "
                                 "'alternatives.managed_finetune[0].hosting_units=4' --set "
                                 "hosting.queries_per_month=10.3M --set decision.expected_accuracy_gain=0");
  CHECK_THAT(banded.out, Catch::Contains("self-hosting would win only between 9.04M and 15.4M queries/month (above "
                                         "that Managed fine-tune fireworks-lora-up-to-16b costs less: its cost grows "
                                         "more slowly with volume), except from 10.27M to 10.32M queries/month, where "
                                         "API claude-haiku-4.5 + few-shot is cheaper; you expect 10.3M, inside the "
                                         "band 10.27M–10.32M"));
  CHECK_THAT(low.out, Catch::Contains("volume between 4.89M and 15.4M queries/month would favour self-hosting"));
  // At 10M self-hosting wins, below Fireworks' ceiling and above the API's floor.
  const auto mid = run_ftcost("estimate " + support + fixed + " --set hosting.queries_per_month=10M");
  CHECK_THAT(mid.out, Catch::Contains("self-hosting beats Managed fine-tune fireworks-lora-up-to-16b only below 15.4M "
                                      "queries/month; you expect 10M"));
  CHECK_THAT(mid.out, Catch::Contains("above 15.4M queries/month Managed fine-tune fireworks-lora-up-to-16b would "
                                      "cost less"));
  CHECK_THAT(mid.out, Catch::Contains("below 4.89M queries/month API claude-haiku-4.5 + few-shot would cost less"));
  // An autoscaled fleet has its ceiling too (product Q&A against four fixed H100s: 510M).
  const auto autoscaled = run_ftcost(
      "estimate examples/product-qa-high-volume.yaml -q --set "
      "'alternatives.managed_finetune[0].hosting_units=4'");
  CHECK_THAT(autoscaled.out, Catch::Contains("self-hosting costs less only below 510M queries/month"));
}

TEST_CASE("diff to zero volume: the cost per query goes to n/a, not $0.00") {
  const auto base = scratch_dir() / "base-estimate.json";
  REQUIRE(run_ftcost("estimate " + support + " -q -f json -o '" + base.string() + "'").exit_code == 0);
  const auto table = run_ftcost("diff '" + base.string() + "' " + support + " -q --set hosting.queries_per_month=0");
  CHECK_THAT(table.out, Catch::Contains("Cost per 1,000 queries                 $11.30 → n/a  —"));
  const auto json =
      run_ftcost("diff '" + base.string() + "' " + support + " -q -f json --set hosting.queries_per_month=0");
  CHECK_THAT(json.out, Catch::Contains("\"after\": null"));
}

TEST_CASE("an expected volume in a band past the first 100,000 is still found inside it") {
  // Legal at $2.5480344742319243 an H100-hour: a margin of a fraction of a cent per replica makes 234,934
  // bands against GPT-5.2, the first at 250.0B, each 109,014 queries (a replica's) wide; 260.9B queries
  // a month, 100,000 replicas further, sits in band 100,001, where the API is cheaper.
  const auto run = run_ftcost(
      "estimate examples/legal-70b-qlora.yaml -q --samples 0 --set hosting.usd_per_gpu_hour=2.5480344742319243 --set "
      "decision.expected_accuracy_gain=0 --set hosting.queries_per_month=260901347293");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("except in 234,934 bands"));
  CHECK_THAT(run.out, Catch::Contains("you expect 261B, inside the band 260.9013B–260.9014B"));
}

TEST_CASE("calibrate: a case on a GPU the catalog lacks is warned about and left unscored, and --strict fails") {
  const std::string file = "tests/fixtures/calibration/unknown-gpu.json";
  const auto run = run_ftcost("calibrate " + file + " --format json");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("ftcost: warning: " + file + ":7:") &&
                          Catch::Contains("training[1].gpu: unknown GPU 'gaudi3'; case not scored"));
  const auto doc = nlohmann::json::parse(run.out);
  CHECK(doc["summary"]["training"]["cases"] == 1);
  REQUIRE(doc["unscored"].size() == 1);
  CHECK(doc["unscored"][0]["id"] == "llama-8b-lora-gaudi3");
  CHECK(doc["unscored"][0]["line"] == 7);
  const auto table = run_ftcost("calibrate " + file);
  CHECK_THAT(table.out, Catch::Contains("Not scored (1 case") && Catch::Contains("llama-8b-lora-gaudi3"));
  const auto strict = run_ftcost("calibrate " + file + " --strict");
  CHECK(strict.exit_code == 2);
  CHECK(strict.out.empty());
  CHECK_THAT(strict.err, Catch::StartsWith("ftcost: error: " + file + ":7:"));
}

TEST_CASE("catalog import: a vms.csv in a folder that is no SkyPilot cloud needs --provider") {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "ftcost-downloads";
  std::filesystem::create_directories(folder);
  std::filesystem::copy_file(FTCOST_SOURCE_DIR "/tests/fixtures/skypilot/lambda/vms.csv", folder / "vms.csv",
                             std::filesystem::copy_options::overwrite_existing);
  const auto run = run_ftcost("catalog import " + (folder / "vms.csv").string());
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK_THAT(run.err, Catch::Contains("--provider: the file's folder 'ftcost-downloads' is not a SkyPilot cloud"));
  const auto named = run_ftcost("catalog import " + (folder / "vms.csv").string() + " --provider lambdalabs");
  CHECK(named.exit_code == 0);
  CHECK(nlohmann::json::parse(named.out)["gpu_prices"][0]["provider"] == "lambda");
  std::filesystem::remove_all(folder);
}

TEST_CASE("catalog validate BOOK --strict judges the book's own entries, not the shipped catalog's flags") {
  const auto clean = run_ftcost("catalog validate tests/fixtures/catalog/h100-runpod-2usd.yaml --strict");
  CHECK(clean.exit_code == 0);
  CHECK_THAT(clean.out, Catch::StartsWith("tests/fixtures/catalog/h100-runpod-2usd.yaml: ok"));
  CHECK_THAT(clean.err, Catch::Contains("of the catalog under tests/fixtures/catalog/h100-runpod-2usd.yaml are not "
                                        "counted here"));
  // Without a book, --strict still fails on the shipped catalog's own flags.
  CHECK(run_ftcost("catalog validate --strict").exit_code == 2);
}

TEST_CASE("a spot estimate warns that its interruption overhead is an unverified assumption") {
  const auto run = run_ftcost("estimate " + support + " --set training.price_basis=spot --format json");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("training.spot_interruption_overhead = 0.1 (share of GPU-hours) is unverified"));
  bool found = false;
  const auto doc = nlohmann::json::parse(run.out);
  for (const auto& warning : doc["warnings"]) {
    found = found || warning["code"] == "unverified_assumption";
  }
  CHECK(found);
  CHECK_THAT(run_ftcost("estimate " + support).err,
             !Catch::Contains("unverified_assumption") && !Catch::Contains("spot_interruption_overhead"));
}

TEST_CASE("catalog validate BOOK --strict: a book that changes an unverified entry without verifying it fails") {
  // The shipped Modal H100 price is verified: false; a book restating it with a new price and source
  // makes it the book's entry, still unverified.
  const std::filesystem::path book = std::filesystem::temp_directory_path() / "ftcost-modal-book.yaml";
  write_text(book,
             "format: ftcost-catalog/1\ngpu_prices:\n  - {gpu: h100-sxm, provider: modal, basis: serverless, "
             "usd_per_gpu_hour: 4.1, source: a note, as_of: \"2026-11-01\"}\n");
  const auto run = run_ftcost("catalog validate " + book.string() + " --strict");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains("prices h100-sxm@modal/serverless: verified: is false"));
  CHECK_THAT(run.err, Catch::Contains("ftcost: 1 problem found"));
  std::filesystem::remove(book);
}
