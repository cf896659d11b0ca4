#!/usr/bin/env bash
# `cmake --install` into a scratch prefix: the binary, the man page and the three shell completions
# land where Debian looks for them, the man page renders, and bash picks up the completion.
#   tests/install/install.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null

status=0
fail() { echo "FAIL: $*"; status=1; }
for file in bin/ftcost share/man/man1/ftcost.1 share/bash-completion/completions/ftcost \
            share/zsh/vendor-completions/_ftcost share/fish/vendor_completions.d/ftcost.fish; do
  [[ -s $prefix/$file ]] || fail "$file not installed"
done
[[ $("$prefix/bin/ftcost" --version) == "ftcost $version" ]] || fail "installed ftcost --version"

# The man page: rendered by man(1) when installed, else by groff; every command has its section,
# with its own examples, and the exit codes are there.
page=$prefix/share/man/man1/ftcost.1
if command -v man >/dev/null; then
  text=$(MANWIDTH=100 MANPAGER=cat man -l "$page" 2>&1) || fail "man -l failed: $text"
elif command -v groff >/dev/null; then
  text=$(groff -man -Tutf8 "$page" 2>&1) || fail "groff failed: $text"
else
  text=
  echo "SKIP: neither man nor groff installed: the man page is checked for presence only"
fi
if [[ -n $text ]]; then
  for expected in "ftcost - what fine-tuning an LLM really costs" "ftcost estimate scenario" "ftcost catalog import file" \
                  "ftcost catalog list gpus" "--color auto|always|never" "EXIT STATUS" "budget exceeded"; do
    grep -qF -- "$expected" <<<"$text" || fail "man page lacks '$expected'"
  done
fi
if command -v groff >/dev/null; then  # no roff warnings (bad escapes, unknown characters)
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
  [[ -z $warnings ]] || fail "groff warns: $warnings"
fi

# bash: the completion registers, and completes commands, nested commands and option choices.
completion=$prefix/share/bash-completion/completions/ftcost
registered=$(bash -c "source '$completion'; complete -p ftcost") || fail "sourcing the bash completion failed"
[[ $registered == "complete -F _ftcost ftcost" ]] || fail "bash: complete -p ftcost says '$registered'"
complete_words() {
  bash -c "source '$completion'; COMP_WORDS=($1); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); _ftcost; echo \"\${COMPREPLY[*]}\""
}
[[ $(complete_words "ftcost estim") == estimate ]] || fail "bash: 'ftcost estim' -> '$(complete_words "ftcost estim")'"
[[ $(complete_words "ftcost catalog ''") == "list show validate import" ]] || fail "bash: catalog subcommands"
[[ $(complete_words "ftcost estimate x.yaml -f ''") == "table json csv markdown html" ]] || fail "bash: -f choices"
[[ $(complete_words "ftcost --color ''") == "auto always never" ]] || fail "bash: --color choices"
[[ $(complete_words "ftcost schema ''") == "output plan scenario" ]] || fail "bash: schema's argument"

# zsh and fish, when installed: the files parse.
if command -v zsh >/dev/null; then zsh -n "$prefix/share/zsh/vendor-completions/_ftcost" || fail "zsh -n"; fi
if command -v fish >/dev/null; then
  fish -n "$prefix/share/fish/vendor_completions.d/ftcost.fish" || fail "fish -n"
  got=$(fish -c "source '$prefix/share/fish/vendor_completions.d/ftcost.fish'; complete -C 'ftcost catalog sh'" | cut -f1)
  [[ $got == show ]] || fail "fish: 'ftcost catalog sh' -> '$got'"
fi
[[ $status -eq 0 ]] && echo "installed and checked under $prefix"
exit $status
