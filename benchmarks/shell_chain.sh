#!/usr/bin/env bash
# The same four outputs made the way a user without this project would: a chain of the pandoc
# and weasyprint command lines, one process per output. Usage: shell_chain.sh SOURCE_DIR OUT_DIR
set -euo pipefail
source_dir=$1
out=$2
bin=$(dirname "$(command -v python)")
pandoc=$(python -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
for guide in "$source_dir"/*.md; do
  slug=$(basename "$guide" .md)
  mkdir -p "$out/$slug"
  stem="$out/$slug/$slug"
  opts=(--from commonmark_x+yaml_metadata_block --resource-path "$source_dir")
  "$pandoc" "${opts[@]}" "$guide" --standalone --embed-resources --to html5 --output "$stem.html"
  "$pandoc" "${opts[@]}" "$guide" --to epub3 --output "$stem.epub"
  "$pandoc" "${opts[@]}" "$guide" --to plain --output "$stem.txt"
  "$bin/weasyprint" --pdf-variant pdf/ua-1 --pdf-tags "$stem.html" "$stem.pdf"
done
