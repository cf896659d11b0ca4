#include "docgen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <vector>

#include "ftcost/util/error.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

namespace {

// What the generators need from one option, read off CLI11.
struct OptionDoc {
  std::vector<std::string> flags;    // "-f", "--format"
  std::string value;                 // "TEXT" when it takes a value, else empty
  std::vector<std::string> choices;  // from a CLI::IsMember check: "table", "json", ...
  std::string description;
};

struct CommandDoc {
  std::string path;  // "catalog list"; empty for ftcost itself
  std::string description;
  std::vector<std::string> positionals;         // "scenario", "[file]"
  std::vector<std::string> positional_choices;  // the first positional's allowed words ("gpus", ...), if any
  std::vector<OptionDoc> options;
  std::string footer;
  std::vector<CommandDoc> subcommands;
};

// CLI11 describes an IsMember check in the type name: "TEXT:{table,json,csv}".
std::vector<std::string> choices_of(const std::string& type_name) {
  const auto open = type_name.find('{');
  const auto close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> out;
  std::string item;
  for (char c : type_name.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

CommandDoc describe(const CLI::App& command, const std::string& path) {
  CommandDoc doc;
  doc.path = path;
  doc.description = command.get_description();
  doc.footer = command.get_footer();
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_group().empty()) continue;  // hidden
    // Every command has --help (said once, in the synopsis); only ftcost itself lists it.
    const bool help = option == command.get_help_ptr() || option == command.get_help_all_ptr();
    if (help && command.get_parent() != nullptr) continue;
    if (option->get_positional()) {
      const std::string name = option->get_name(true);
      if (doc.positionals.empty()) doc.positional_choices = choices_of(option->get_type_name());
      doc.positionals.push_back(option->get_required() ? name : "[" + name + "]");
      continue;
    }
    OptionDoc opt;
    for (const auto& s : option->get_snames()) opt.flags.push_back("-" + s);
    for (const auto& l : option->get_lnames()) opt.flags.push_back("--" + l);
    if (option->get_items_expected_min() > 0) {
      const std::string type = option->get_type_name();
      opt.value = type.substr(0, type.find(':'));
      if (opt.value.empty()) opt.value = "VALUE";
      opt.choices = choices_of(type);
    }
    opt.description = option->get_description();
    doc.options.push_back(std::move(opt));
  }
  for (const CLI::App* sub : command.get_subcommands({})) {
    if (sub->get_group().empty()) continue;
    doc.subcommands.push_back(describe(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name()));
  }
  return doc;
}

// Every command below the top, depth first (the order of the help).
void flatten(const CommandDoc& doc, std::vector<const CommandDoc*>& out) {
  for (const auto& sub : doc.subcommands) {
    out.push_back(&sub);
    flatten(sub, out);
  }
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  return fmt::format("{}", fmt::join(items, separator));
}

std::vector<std::string> names_of(const std::vector<CommandDoc>& commands) {
  std::vector<std::string> out;
  out.reserve(commands.size());
  for (const auto& c : commands) out.push_back(c.path.substr(c.path.rfind(' ') + 1));
  return out;
}

// ---- man page (roff) ----

// Text as roff: backslashes escaped, hyphens kept as ASCII hyphen-minus, no line starting with a
// control character, and other characters than ASCII as \[uXXXX] (so plain groff reads it too).
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c >= 0xC0 && i + 1 < text.size()) {  // the lead byte of a UTF-8 sequence
      const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      unsigned code = c & (0x7Fu >> length);
      for (std::size_t k = 1; k < length && i + 1 < text.size(); ++k) {
        code = (code << 6) | (static_cast<unsigned char>(text[++i]) & 0x3Fu);
      }
      out += fmt::format("\\[u{:04X}]", code);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void man_options(std::string& out, const std::vector<OptionDoc>& options) {
  for (const auto& option : options) {
    std::vector<std::string> flags;
    for (const auto& flag : option.flags) flags.push_back("\\fB" + roff(flag) + "\\fR");
    std::string value;
    if (!option.value.empty()) {
      value = " \\fI" + (option.choices.empty() ? roff(option.value) : roff(join(option.choices, "|"))) + "\\fR";
    }
    out += ".TP\n" + join(flags, ", ") + value + "\n" + roff(option.description) + "\n";
  }
}

// A footer ("Examples:\n  ftcost ...") as an indented, unfilled block.
void man_footer(std::string& out, std::string_view footer) {
  if (footer.empty()) return;
  out += ".PP\n.nf\n.RS 4\n" + roff(footer) + "\n.RE\n.fi\n";
}

}  // namespace

std::string man_page(const CLI::App& app) {
  const CommandDoc top = describe(app, "");
  std::string out;
  out += ".\\\" Generated by `ftcost --generate man` from the command-line definition; do not edit.\n";
  out += fmt::format(".TH FTCOST 1 \"\" \"ftcost {}\" \"User Commands\"\n", FTCOST_VERSION);
  const auto dash = top.description.find(" — ");
  const std::string summary = dash == std::string::npos ? top.description : top.description.substr(dash + 5);
  out += ".SH NAME\nftcost \\- " + roff(summary) + "\n";
  out += ".SH SYNOPSIS\n.B ftcost\n[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]\n";
  out += ".br\n.B ftcost\n\\fIcommand\\fR \\fB\\-\\-help\\fR\n";
  out += ".SH DESCRIPTION\n\\fBftcost\\fR works out " + roff(summary) +
         ".\nA scenario file (YAML or JSON) describes the data, training, hosting and traffic; the commands "
         "below estimate it, check it against a budget, compare two estimates, sweep a field, and look at "
         "the price catalog.\n";
  out += ".SH GLOBAL OPTIONS\nGiven before or after the command.\n";
  man_options(out, top.options);
  out += ".SH COMMANDS\n";
  std::vector<const CommandDoc*> commands;
  flatten(top, commands);
  for (const CommandDoc* command : commands) {
    std::vector<std::string> args;
    for (const auto& p : command->positionals) args.push_back("\\fI" + roff(p) + "\\fR");
    if (!command->subcommands.empty()) args.push_back("\\fIcommand\\fR");
    out += fmt::format(".SS \"ftcost {}{}\"\n", roff(command->path), args.empty() ? "" : " " + join(args, " "));
    out += roff(command->description) + ".\n";
    if (!command->subcommands.empty()) {
      out += "Commands: " + roff(join(names_of(command->subcommands), ", ")) + ".\n";
    }
    man_options(out, command->options);
    man_footer(out, command->footer);
  }
  // The top-level footer holds the examples and the exit codes.
  const auto exit_codes = top.footer.find("Exit codes:");
  out += ".SH EXAMPLES\n";
  man_footer(out, top.footer.substr(0, exit_codes == std::string::npos ? top.footer.size() : exit_codes));
  if (exit_codes != std::string::npos) {
    // "0 ok, 1 output could not be written or internal error, 2 ..., 3 budget exceeded." as a list.
    std::string codes = top.footer.substr(exit_codes + std::string_view("Exit codes: ").size());
    for (char& c : codes) c = c == '\n' ? ' ' : c;
    if (!codes.empty() && codes.back() == '.') codes.pop_back();
    out += ".SH EXIT STATUS\n";
    std::size_t start = 0;
    while (start < codes.size()) {
      std::size_t end = start;
      do {
        end = codes.find(", ", end + 1);
      } while (end != std::string::npos && end + 2 < codes.size() &&
               !std::isdigit(static_cast<unsigned char>(codes[end + 2])));
      const std::string entry = codes.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const auto space = entry.find(' ');
      out += ".TP\n.B " + roff(entry.substr(0, space)) + "\n" + roff(entry.substr(space + 1)) + "\n";
      start = end == std::string::npos ? codes.size() : end + 2;
    }
  }
  out +=
      ".SH ENVIRONMENT\n.TP\n.B FTCOST_CATALOG\nColon-separated price books layered over the shipped catalog "
      "before any \\fB\\-\\-catalog\\fR.\n.TP\n.B NO_COLOR\nWhen set and not empty, tables are never coloured "
      "(with \\fB\\-\\-color=auto\\fR, the default).\n";
  out +=
      ".SH SEE ALSO\n\\fBftcost schema output\\fR and \\fBftcost schema scenario\\fR print the JSON Schemas; "
      "README.md describes every output field and docs/models.md the models.\n";
  return out;
}

std::string bash_completion(const CLI::App& app) {
  const CommandDoc top = describe(app, "");
  std::vector<const CommandDoc*> all{&top};
  flatten(top, all);
  std::string subcommands, options, values;
  for (const CommandDoc* command : all) {
    const std::string key = "\"" + command->path + "\"";
    if (!command->subcommands.empty()) {
      subcommands += fmt::format("    {}) echo \"{}\" ;;\n", key, join(names_of(command->subcommands), " "));
    }
    std::vector<std::string> flags;
    for (const auto& option : command->options) {
      flags.insert(flags.end(), option.flags.begin(), option.flags.end());
      if (option.value.empty()) continue;
      for (const auto& flag : option.flags) {
        values += fmt::format("    \"{}|{}\") echo \"{}\" ;;\n", command->path, flag,
                              option.choices.empty() ? "@files" : join(option.choices, " "));
      }
    }
    // Global options work after any command too (ftcost sets fallthrough).
    if (command != &top) {
      for (const auto& option : top.options) {
        for (const auto& flag : option.flags) {
          if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);
        }
      }
    }
    options += fmt::format("    {}) echo \"{}\" ;;\n", key, join(flags, " "));
    if (!command->positional_choices.empty()) {
      values += fmt::format("    \"{}|\") echo \"{}\" ;;\n", command->path, join(command->positional_choices, " "));
    }
  }
  std::string out = "# bash completion for ftcost. Generated by `ftcost --generate bash`; do not edit.\n";
  out += "_ftcost_subcommands() {\n  case \"$1\" in\n" + subcommands + "  esac\n}\n";
  out += "_ftcost_options() {\n  case \"$1\" in\n" + options + "  esac\n}\n";
  out += "# Values of an option that takes one: its choices, or @files.\n";
  out += "_ftcost_values() {\n  case \"$1\" in\n" + values + "  esac\n}\n";
  out += R"BASH(_ftcost() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} path="" i word values
  # Walk the words typed so far down the command tree; an option's value is not a command.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ -n $(_ftcost_values "$path|$word")$(_ftcost_values "|$word") ]]; then
      ((i++))
      continue
    fi
    [[ " $(_ftcost_subcommands "$path") " == *" $word "* ]] && path=${path:+$path }$word
  done
  values=$(_ftcost_values "$path|$prev")
  [[ -z $values ]] && values=$(_ftcost_values "|$prev")
  if [[ $values == @files ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  elif [[ -n $values ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
  elif [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_ftcost_options "$path")" -- "$cur")
  elif [[ -n $(_ftcost_subcommands "$path") ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_ftcost_subcommands "$path")" -- "$cur")
  elif [[ -n $path && -n $(_ftcost_values "$path|") ]]; then  # a positional with fixed words
    mapfile -t COMPREPLY < <(compgen -W "$(_ftcost_values "$path|")" -- "$cur")
  else
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -F _ftcost ftcost
)BASH";
  return out;
}

namespace {

// Text inside single quotes in zsh and fish: ' becomes '\'' and `escaped` characters (zsh's [ ] in an
// _arguments description, : in a _describe item) get a backslash.
std::string single_quoted(std::string_view text, std::string_view escaped = {}) {
  std::string out;
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (escaped.find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string zsh_function_name(const std::string& path) {
  std::string name = "_ftcost";
  if (!path.empty()) name += '_';
  for (char c : path) name += c == ' ' || c == '-' ? '_' : c;
  return name;
}

void zsh_command(std::string& out, const CommandDoc& command, const std::vector<OptionDoc>& global) {
  std::vector<std::string> specs;
  auto add_options = [&specs](const std::vector<OptionDoc>& options) {
    for (const auto& option : options) {
      const std::string action = option.value.empty()
                                     ? ""
                                     : ":" + single_quoted(option.value, ":") + ":" +
                                           (option.choices.empty() ? "_files" : "(" + join(option.choices, " ") + ")");
      const std::string description = fmt::format("[{}]", single_quoted(option.description, "[]"));
      if (option.flags.size() == 1) {
        specs.push_back(fmt::format("'{}{}{}'", option.flags[0], description, action));
      } else {
        specs.push_back(
            fmt::format("'({})'{{{}}}'{}{}'", join(option.flags, " "), join(option.flags, ","), description, action));
      }
    }
  };
  add_options(command.options);
  if (&command.options != &global) add_options(global);
  if (!command.subcommands.empty()) {
    specs.push_back("'1: :->command'");
    specs.push_back("'*:: :->argument'");
  } else {
    for (std::size_t i = 0; i < command.positionals.size(); ++i) {
      const bool fixed = i == 0 && !command.positional_choices.empty();
      specs.push_back(fmt::format("'{}:{}:{}'", i + 1, single_quoted(command.positionals[i], ":"),
                                  fixed ? "(" + join(command.positional_choices, " ") + ")" : "_files"));
    }
  }
  out += zsh_function_name(command.path) + "() {\n";
  out += "  local state line\n  _arguments -s \\\n    " + join(specs, " \\\n    ") + "\n";
  if (!command.subcommands.empty()) {
    std::vector<std::string> described;
    for (const auto& sub : command.subcommands) {
      const std::string name = sub.path.substr(sub.path.rfind(' ') + 1);
      described.push_back("'" + name + ":" + single_quoted(sub.description, ":") + "'");
    }
    out += "  case $state in\n    command)\n      local -a commands=(\n        " + join(described, "\n        ") +
           "\n      )\n      _describe command commands ;;\n    argument)\n      case $line[1] in\n";
    for (const auto& sub : command.subcommands) {
      const std::string name = sub.path.substr(sub.path.rfind(' ') + 1);
      out += "        " + name + ") " + zsh_function_name(sub.path) + " ;;\n";
    }
    out += "      esac ;;\n  esac\n";
  }
  out += "}\n";
  for (const auto& sub : command.subcommands) zsh_command(out, sub, global);
}

}  // namespace

std::string zsh_completion(const CLI::App& app) {
  const CommandDoc top = describe(app, "");
  std::string out =
      "#compdef ftcost\n# zsh completion for ftcost. Generated by `ftcost --generate zsh`; do not edit.\n";
  zsh_command(out, top, top.options);
  out += "_ftcost \"$@\"\n";
  return out;
}

std::string fish_completion(const CLI::App& app) {
  const CommandDoc top = describe(app, "");
  std::vector<const CommandDoc*> all{&top};
  flatten(top, all);
  std::string out = "# fish completion for ftcost. Generated by `ftcost --generate fish`; do not edit.\n";
  // The command path typed so far ("", "estimate", "catalog list"), walked like the parser does.
  out +=
      "function __ftcost_path\n    set -l path ''\n    for word in (commandline -opc)[2..-1]\n"
      "        switch \"$path|$word\"\n";
  for (const CommandDoc* command : all) {
    if (command->path.empty()) continue;
    const auto space = command->path.rfind(' ');
    const std::string parent = space == std::string::npos ? "" : command->path.substr(0, space);
    out += fmt::format("            case '{}|{}'\n                set path '{}'\n", parent,
                       command->path.substr(space == std::string::npos ? 0 : space + 1), command->path);
  }
  out += "        end\n    end\n    echo $path\nend\n";
  out += "function __ftcost_at\n    test (__ftcost_path) = \"$argv[1]\"\nend\n";
  out += "complete -c ftcost -f\n";
  for (const CommandDoc* command : all) {
    const std::string when = "__ftcost_at '" + command->path + "'";
    for (const auto& sub : command->subcommands) {
      out += fmt::format("complete -c ftcost -n \"{}\" -a {} -d '{}'\n", when, sub.path.substr(sub.path.rfind(' ') + 1),
                         single_quoted(sub.description));
    }
    for (const auto& option : command->options) {
      std::string flags;
      for (const auto& flag : option.flags) {
        flags += flag.rfind("--", 0) == 0 ? " -l " + flag.substr(2) : " -s " + flag.substr(1);
      }
      std::string value;
      if (!option.value.empty())
        value = option.choices.empty() ? " -r -F" : " -x -a '" + join(option.choices, " ") + "'";
      // Global options apply everywhere; a command's own only after it.
      const std::string scope = command->path.empty() ? "" : " -n \"" + when + "\"";
      out += fmt::format("complete -c ftcost{}{}{} -d '{}'\n", scope, flags, value, single_quoted(option.description));
    }
    if (!command->positional_choices.empty()) {
      out += fmt::format("complete -c ftcost -n \"{}\" -a '{}'\n", when, join(command->positional_choices, " "));
    } else if (!command->positionals.empty()) {
      out += fmt::format("complete -c ftcost -n \"{}\" -F\n", when);
    }
  }
  return out;
}

int generate_docs(const CLI::App& app, std::string_view kind, const std::string& output) {
  std::string text;
  if (kind == "man") {
    text = man_page(app);
  } else if (kind == "bash") {
    text = bash_completion(app);
  } else if (kind == "zsh") {
    text = zsh_completion(app);
  } else if (kind == "fish") {
    text = fish_completion(app);
  } else {
    std::cerr << "ftcost: error: --generate: unknown kind '" << kind << "' (man, bash, zsh or fish)\n";
    return static_cast<int>(ExitCode::input_error);
  }
  write_output(output, text);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
