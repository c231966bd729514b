#!/usr/bin/env bash
# The same editions made the way a user without this project would: a chain of the pandoc,
# weasyprint and lou_translate command lines, one process per output (the large print is the
# HTML drawn again with an 18 pt style sheet). Usage: shell_chain.sh SOURCE_DIR OUT_DIR
set -euo pipefail
source_dir=$1
out=$2
bin=$(dirname "$(command -v python)")
pandoc=$(python -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
large=$(mktemp --suffix=.css)
trap 'rm -f "$large"' EXIT
echo 'html { font-size: 18pt; line-height: 1.5 } body { margin: 0 }' > "$large"
for guide in "$source_dir"/*.md; do
  slug=$(basename "$guide" .md)
  mkdir -p "$out/$slug"
  stem="$out/$slug/$slug"
  opts=(--from commonmark_x+yaml_metadata_block --resource-path "$source_dir")
  "$pandoc" "${opts[@]}" "$guide" --standalone --embed-resources --to html5 --output "$stem.html"
  "$pandoc" "${opts[@]}" "$guide" --to epub3 --output "$stem.epub"
  "$pandoc" "${opts[@]}" "$guide" --to plain --output "$stem.txt"
  "$pandoc" "${opts[@]}" "$guide" --to docx --output "$stem.docx"
  "$bin/weasyprint" --pdf-variant pdf/ua-1 --pdf-tags "$stem.html" "$stem.pdf"
  "$bin/weasyprint" --pdf-variant pdf/ua-1 --pdf-tags --stylesheet "$large" "$stem.html" \
    "$stem-large-print.pdf"
  lou_translate --forward en-us-brf.dis,en-ueb-g2.ctb < "$stem.txt" > "$stem.brf"
done
