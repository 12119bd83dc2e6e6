#!/usr/bin/env bash
# Makes the document fixtures of this folder from their hand-written sources, with the programs
# translators use: LibreOffice (from the .fodt files) and pandoc (from article.en.md).
#
#   tests/data/formats/regenerate.sh OUTDIR
#
# writes into OUTDIR:
#   article-libreoffice.en.docx, article-libreoffice.en.odt   (LibreOffice, from article.en.fodt)
#   article-pandoc.en.docx, article-pandoc.en.odt, article.en.html   (pandoc, from article.en.md)
#   azerbaijan-demining.fr.docx   (LibreOffice, from azerbaijan-demining.fr.fodt: corpus/)
# The committed copies were made with this script; the ignored test `regenerated_fixtures_match`
# (tests/formats.rs) runs it again and checks that the text read from the new files is the text
# read from the committed ones.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# LibreOffice keeps a user profile; a fresh one per run keeps runs apart and repeatable.
lo() {
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to "$1" \
    --outdir "$work" "$2" >/dev/null
}
lo 'docx:MS Word 2007 XML' "$here/article.en.fodt"
lo odt "$here/article.en.fodt"
mv "$work/article.en.docx" "$out/article-libreoffice.en.docx"
mv "$work/article.en.odt" "$out/article-libreoffice.en.odt"
lo 'docx:MS Word 2007 XML' "$here/azerbaijan-demining.fr.fodt"
mv "$work/azerbaijan-demining.fr.docx" "$out/azerbaijan-demining.fr.docx"
pandoc -f markdown-smart "$here/article.en.md" -o "$out/article-pandoc.en.docx"
pandoc -f markdown-smart "$here/article.en.md" -o "$out/article-pandoc.en.odt"
pandoc -f markdown-smart "$here/article.en.md" -s --metadata pagetitle="Azerbaijan demining" -o "$out/article.en.html"
