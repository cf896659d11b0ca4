#include "app.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <iostream>
#include <memory>

#include "calibrate.hpp"
#include "catalog.hpp"
#include "chart.hpp"
#include "check.hpp"
#include "diff.hpp"
#include "docgen.hpp"
#include "estimate.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/output.hpp"
#include "ftcost/util/suggest.hpp"
#include "init.hpp"
#include "plan.hpp"
#include "schema.hpp"
#include "sweep.hpp"
#include "terminal.hpp"
#include "validate.hpp"

namespace ftcost::cli {

namespace {

// A registered subcommand: its parser, and how to run it once parsed (after the price books given
// before the subcommand are prepended to its own).
struct Command {
  CLI::App* parser = nullptr;
  std::function<int(const CatalogOptions& global)> run;
};

template <class Options>
void add_command(CLI::App& app, std::vector<Command>& commands, void (*setup)(CLI::App&, Options&),
                 int (*run)(const Options&)) {
  auto options = std::make_shared<Options>();
  setup(app, *options);
  commands.push_back({app.get_subcommands({}).back(), [options, run](const CatalogOptions& global) {
                        if constexpr (requires { options->input.catalog; })
                          apply_global(options->input.catalog, global);
                        if constexpr (requires { options->catalog; }) apply_global(options->catalog, global);
                        return run(*options);
                      }});
}

// The names of the visible subcommands of `command` (hidden ones have an empty group).
std::vector<std::string> subcommand_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands({})) {
    if (!sub->get_group().empty()) names.push_back(sub->get_name());
  }
  return names;
}

// Reads a word of short options run together as CLI11 does: flags (-q), then one option that takes a
// value, which is the rest of the word (-fjson) or else the next word (-qf json).
struct ShortOptions {
  std::string unknown;         // the first letter no scope knows, as "-z"; empty when all are known
  bool value_follows = false;  // the next word is the last option's value
};
template <class Find>
ShortOptions read_short_options(const std::string& word, const Find& find_option) {
  ShortOptions out;
  for (std::size_t at = 1; at < word.size(); ++at) {
    const CLI::Option* option = find_option(std::string("-") + word[at]);
    if (!option) {
      out.unknown = std::string("-") + word[at];
      return out;
    }
    if (option->get_items_expected_min() > 0) {
      out.value_follows = at + 1 == word.size();
      return out;
    }
  }
  return out;
}

// Follows the words of the command line down the command tree; the first word where a subcommand
// is expected but none has that name is a mistyped command: "unknown command 'estimat'; did you mean
// 'estimate'? (see ftcost --help)". Empty when every command word is known (the parse error is about
// something else).
std::string unknown_command_message(const CLI::App& app, int argc, char** argv) {
  const CLI::App* level = &app;
  std::string path;  // "catalog " once inside `catalog`
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") break;
    if (word.size() > 1 && word[0] == '-') {
      // An option that takes a value as the next word (--catalog FILE): skip that word too.
      auto find_option = [&](const std::string& name) -> const CLI::Option* {
        for (const CLI::App* scope = level; scope; scope = scope->get_parent()) {
          if (const CLI::Option* option = scope->get_option_no_throw(name)) return option;
        }
        return nullptr;
      };
      if (word[1] != '-') {
        const ShortOptions shorts = read_short_options(word, find_option);
        if (!shorts.unknown.empty()) return {};  // unknown_option_message tells it
        if (shorts.value_follows) ++i;
        continue;
      }
      const std::string name = word.substr(0, word.find('='));
      const CLI::Option* option = find_option(name);
      // An option no scope knows: its value, if any, is not a command; unknown_option_message tells it.
      if (!option) return {};
      if (option->get_items_expected_min() > 0 && name.size() == word.size()) ++i;
      continue;
    }
    const auto names = subcommand_names(*level);
    if (names.empty()) break;  // a positional argument of a leaf command
    const auto subs = level->get_subcommands({});
    const auto found =
        std::find_if(subs.begin(), subs.end(), [&](const CLI::App* sub) { return sub->get_name() == word; });
    if (found == subs.end()) {
      const auto close = nearest_names(word, names);
      const std::string hint = close.empty() ? fmt::format("the commands are {}", fmt::join(names, ", "))
                                             : fmt::format("did you mean '{}'?", fmt::join(close, "' or '"));
      return fmt::format("unknown {}command '{}'; {} (see ftcost {}--help)", path, word, hint, path);
    }
    level = *found;
    path += word + " ";
  }
  return {};
}

// Walks the command line as CLI11 reads it: the command path it names ("catalog list "), and the
// first option word that neither that command nor an enclosing one knows (options fall through to
// the parents), with the long names it could have meant. Words after an option that takes a value
// are its value; a word after "--" is an argument, not an option.
struct CommandLineWalk {
  std::string path;
  const CLI::App* command = nullptr;  // the command the path names
  std::string unknown_option;
  std::vector<std::string> option_names;  // the long options in scope where it stopped
  std::string owner;                      // another command that has the unknown option ("calibrate")
};

// The first command below `app` (depth first, in the order of --help) that defines `option`, as its
// path ("catalog import"); empty when none does.
std::string command_with_option(const CLI::App& app, const std::string& option, const std::string& path = "") {
  for (const CLI::App* sub : app.get_subcommands({})) {
    std::string sub_path = path.empty() ? sub->get_name() : path + " " + sub->get_name();
    if (sub->get_option_no_throw(option)) return sub_path;
    if (std::string deeper = command_with_option(*sub, option, sub_path); !deeper.empty()) return deeper;
  }
  return {};
}

// The help to point at for an error about `option` (CLI11 starts such messages with its name): the
// command that defines it, which for a global option (--color, --catalog) is the top level.
std::string help_path_for(const CommandLineWalk& walk, const std::string& option) {
  std::string path = walk.path;
  for (const CLI::App* scope = walk.command; scope; scope = scope->get_parent()) {
    if (scope->get_option_no_throw(option)) return path;
    const std::size_t cut = path.rfind(' ', path.size() >= 2 ? path.size() - 2 : 0);
    path = cut == std::string::npos || path.size() < 2 ? std::string() : path.substr(0, cut + 1);
  }
  return walk.path;
}

CommandLineWalk walk_command_line(const CLI::App& app, int argc, char** argv) {
  CommandLineWalk out;
  const CLI::App* level = &app;
  out.command = level;
  auto find_option = [&](const std::string& name) -> const CLI::Option* {
    for (const CLI::App* scope = level; scope; scope = scope->get_parent()) {
      if (const CLI::Option* option = scope->get_option_no_throw(name)) return option;
    }
    return nullptr;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") break;
    const bool option_word = word.size() > 1 && word[0] == '-' &&
                             (std::isalpha(static_cast<unsigned char>(word[1])) || (word[1] == '-' && word.size() > 2));
    if (!option_word) {
      const auto subs = level->get_subcommands({});
      const auto found =
          std::find_if(subs.begin(), subs.end(), [&](const CLI::App* sub) { return sub->get_name() == word; });
      if (found != subs.end()) {
        level = *found;
        out.command = level;
        out.path += word + " ";
      }
      continue;
    }
    std::string name;
    if (word[1] != '-') {
      const ShortOptions shorts = read_short_options(word, find_option);
      if (shorts.value_follows) ++i;
      name = shorts.unknown;
    } else if (const CLI::Option* option = find_option(word.substr(0, word.find('=')))) {
      if (option->get_items_expected_min() > 0 && word.find('=') == std::string::npos) ++i;
    } else {
      name = word.substr(0, word.find('='));
    }
    if (name.empty() || name == "--help-all") continue;
    out.unknown_option = name;
    for (const CLI::App* scope = level; scope; scope = scope->get_parent()) {
      for (const CLI::Option* option : scope->get_options()) {
        for (const auto& long_name : option->get_lnames()) out.option_names.push_back("--" + long_name);
      }
    }
    std::sort(out.option_names.begin(), out.option_names.end());
    out.option_names.erase(std::unique(out.option_names.begin(), out.option_names.end()), out.option_names.end());
    if (name.size() > 2) out.owner = command_with_option(app, name);
    break;
  }
  return out;
}

// "unknown option '--max-totl' for 'ftcost check'; did you mean '--max-total'? (see ftcost check
// --help)"; empty when every option word is known.
std::string unknown_option_message(const CommandLineWalk& walk) {
  if (walk.unknown_option.empty()) return {};
  const std::string& name = walk.unknown_option;
  // One letter is too little to guess from: only a long name gets a suggestion.
  const auto close = name.size() > 2 ? nearest_names(name, walk.option_names) : std::vector<std::string>{};
  const std::string hint = !walk.owner.empty() ? fmt::format("; it is an option of 'ftcost {}'", walk.owner)
                           : close.empty()     ? std::string()
                                               : fmt::format("; did you mean '{}'?", fmt::join(close, "' or '"));
  const std::string command =
      walk.path.empty() ? std::string() : fmt::format(" for 'ftcost {}'", walk.path.substr(0, walk.path.size() - 1));
  return fmt::format("unknown option '{}'{}{} (see ftcost {}--help)", name, command, hint, walk.path);
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"ftcost — what fine-tuning an LLM really costs, and whether it pays off", "ftcost"};
  app.set_version_flag("--version", std::string("ftcost ") + FTCOST_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  ftcost init -o scenario.yaml          write a commented starter scenario\n"
      "  ftcost estimate scenario.yaml         total cost of ownership, break-even\n"
      "  ftcost check scenario.yaml --max-total 250k   CI budget gate (exit 3 when over)\n"
      "  ftcost estimate --help                each command's options and examples\n"
      "  ftcost --help-all                     every command's options\n"
      "Exit codes: 0 ok, 1 output could not be written or internal error, 2 bad input or usage,\n"
      "3 budget exceeded, 4 `plan` found no candidate that meets its constraints.");
  app.set_help_all_flag("--help-all", "Show help for every command");
  // Global options may come before or after the subcommand (`ftcost estimate x.yaml --quiet`);
  // subcommands created below inherit this.
  app.fallthrough();

  // `ftcost --catalog FILE <command>` works as well as `ftcost <command> --catalog FILE`.
  CatalogOptions global_catalog;
  add_catalog_options(app, global_catalog);
  TerminalSettings terminal;
  app.add_flag("-q,--quiet", terminal.quiet, "No warnings or notes on stderr (results and errors are unchanged)");
  app.add_option("--color", terminal.color, "Colour in tables: auto (a terminal without NO_COLOR), always or never")
      ->check(CLI::IsMember(color_mode_names))
      ->capture_default_str();

  std::vector<Command> commands;
  add_command(app, commands, setup_estimate, run_estimate);
  add_command(app, commands, setup_chart, run_chart);
  add_command(app, commands, setup_check, run_check);
  add_command(app, commands, setup_diff, run_diff);
  add_command(app, commands, setup_sweep, run_sweep);
  add_command(app, commands, setup_plan, run_plan);
  add_command(app, commands, setup_init, run_init);
  add_command(app, commands, setup_validate, run_validate);
  add_command(app, commands, setup_schema, run_schema);
  add_command(app, commands, setup_catalog, run_catalog);
  add_command(app, commands, setup_calibrate, run_calibrate);

  // Bare `ftcost`: the overview, as --help would (exit 0), rather than a usage error.
  if (argc <= 1) {
    std::cout << app.help();
    return static_cast<int>(ExitCode::ok);
  }
  // Build-time hook (not a user option): the man page and shell completions, generated from this
  // command tree so they cannot drift from it (CMakeLists.txt runs it).
  // `ftcost --generate man|bash|zsh|fish [FILE]`.
  if ((argc == 3 || argc == 4) && std::string_view(argv[1]) == "--generate") {
    try {
      return generate_docs(app, argv[2], argc == 4 ? argv[3] : "");
    } catch (const OutputError& e) {
      std::cerr << "ftcost: error: " << e.what() << "\n";
      return static_cast<int>(ExitCode::output_failed);
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = unknown_command_message(app, argc, argv);
    if (message.empty()) {
      const CommandLineWalk walk = walk_command_line(app, argc, argv);
      message = unknown_option_message(walk);
      // Anything else (an extra argument, a value not in the list): CLI11's words, and the help of
      // the command they concern.
      if (message.empty()) {
        const std::string what = e.what();
        const std::string path =
            what.rfind('-', 0) == 0 ? help_path_for(walk, what.substr(0, what.find(':'))) : walk.path;
        message = fmt::format("{} (see ftcost {}--help)", what, path);
      }
    }
    std::cerr << "ftcost: error: " << message << "\n";
    return static_cast<int>(ExitCode::input_error);
  }
  apply_terminal_settings(terminal);

  try {
    for (const auto& command : commands) {
      if (!command.parser->parsed()) continue;
      const int code = command.run(global_catalog);
      flush_stdout();  // a command that printed directly: a lost write is an error, not exit 0
      return code;
    }
  } catch (const OutputError& e) {
    std::cerr << "ftcost: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::output_failed);
  } catch (const InputError& e) {
    std::cerr << "ftcost: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::input_error);
  } catch (const std::exception& e) {
    std::cerr << "ftcost: internal error: " << e.what() << " (please report this)\n";
    return static_cast<int>(ExitCode::internal_error);
  }
  return static_cast<int>(ExitCode::internal_error);
}

}  // namespace ftcost::cli
