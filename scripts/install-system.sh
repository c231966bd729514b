#!/usr/bin/env bash
# Installs the Debian packages `guidepress build` needs beside its Python packages, and only
# what is missing, so it is safe to run again:
#   - Pango and its FreeType backend, which WeasyPrint draws every PDF with;
#   - liblouis (lou_translate and its tables), which translates the braille edition.
# The fonts are Python packages (see pyproject.toml): nothing here depends on the fonts a
# machine has. Without root (or sudo) it says what to install and goes on: the build then
# leaves out only what cannot be made, and says why.
set -euo pipefail

say() { printf 'install-system: %s\n' "$*"; }

missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1\.0\.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1\.0\.so' || missing+=(libpangoft2-1.0-0)
command -v lou_translate >/dev/null 2>&1 || missing+=(liblouis-bin)
[ -f /usr/share/liblouis/tables/en-ueb-g2.ctb ] || missing+=(liblouis-data)

if [ "${#missing[@]}" -eq 0 ]; then
  say "Debian packages already installed"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo)
else
  say "not root: please install these Debian packages: ${missing[*]}" >&2
  say "(e.g. sudo apt-get install -y ${missing[*]}); building without them for now" >&2
  exit 0
fi
say "installing from Debian: ${missing[*]}"
"${run[@]}" apt-get update -qq
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
