#!/usr/bin/env bash
# Build Engage's front-end assets into static/govuk/ (committed, so running
# the app never needs Node). Run from the repository root:
#
#   bash scripts/build-assets.sh
#
# Produces:
#   static/govuk/engage.min.css          GOV.UK Frontend + scss/_engage.scss
#   static/govuk/govuk-frontend.min.js   GOV.UK Frontend JS (ES module, initAll)
#   static/govuk/assets/images/*         only images the CSS references
#   static/govuk/README.md               provenance and licence
#
# Fails if the CSS mentions GDS Transport, declares @font-face, references
# Crown imagery, or references a file that was not copied.
set -euo pipefail

if [[ ! -f package.json || ! -f scss/app.scss ]]; then
  echo "build-assets: run from the repository root" >&2
  exit 1
fi

OUT=static/govuk
ASSET_URL_PREFIX=/static/govuk/assets/
GF=node_modules/govuk-frontend
GF_DIST=$GF/dist/govuk

fail() {
  echo "build-assets: ERROR: $*" >&2
  exit 1
}

# --- Dependencies --------------------------------------------------------------
# Install from package-lock.json when node_modules is missing or does not hold
# the locked versions. --ignore-scripts: nothing runs or downloads at install.
locked_version() {
  node -e 'const l=require("./package-lock.json");const p=l.packages["node_modules/"+process.argv[1]];process.stdout.write(p?p.version:"")' "$1"
}
installed_version() {
  node -e 'try{process.stdout.write(require("./node_modules/"+process.argv[1]+"/package.json").version)}catch(e){}' "$1"
}
need_install=0
for pkg in govuk-frontend sass; do
  if [[ "$(installed_version "$pkg")" != "$(locked_version "$pkg")" ]]; then
    need_install=1
  fi
done
if [[ $need_install -eq 1 ]]; then
  echo "build-assets: installing locked packages (npm ci)"
  npm ci --ignore-scripts --no-audit --no-fund
fi

GF_VERSION=$(installed_version govuk-frontend)
SASS_VERSION=$(installed_version sass)

# --- Build into a scratch dir; replace static/govuk/ only when all checks pass --
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/out"

node_modules/.bin/sass \
  --pkg-importer=node \
  --style=compressed \
  --no-source-map \
  --no-error-css \
  --quiet-deps \
  scss/app.scss "$WORK/out/engage.min.css"
CSS=$WORK/out/engage.min.css

# JS: verbatim copy minus the trailing sourceMappingURL comment. The .map is
# not shipped, and a dangling reference breaks collectstatic with
# ManifestStaticFilesStorage.
[[ -f $GF_DIST/govuk-frontend.min.js ]] || fail "$GF_DIST/govuk-frontend.min.js not found"
sed -e 's|//# sourceMappingURL=[^ ]*$||' "$GF_DIST/govuk-frontend.min.js" > "$WORK/out/govuk-frontend.min.js"
grep -q 'initAll' "$WORK/out/govuk-frontend.min.js" || fail "govuk-frontend.min.js does not export initAll"
if grep -q 'sourceMappingURL' "$WORK/out/govuk-frontend.min.js"; then
  fail "govuk-frontend.min.js still refers to a source map"
fi

# --- CSS checks ------------------------------------------------------------------
if grep -qi 'GDS Transport' "$CSS"; then
  fail "engage.min.css mentions GDS Transport (licensed for gov.uk only)"
fi
if grep -qi '@font-face' "$CSS"; then
  fail "engage.min.css declares @font-face (no web fonts are shipped)"
fi

# Every url(...) in the CSS, quotes stripped, one per line, sorted.
grep -o 'url([^)]*)' "$CSS" | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']$//" \
  | LC_ALL=C sort -u > "$WORK/urls.txt" || true

: > "$WORK/copied.txt"
while IFS= read -r url; do
  [[ -z $url ]] && continue
  case $url in
    data:*) continue ;;
    "$ASSET_URL_PREFIX"*) ;;
    *) fail "engage.min.css references '$url' (only data: URIs and $ASSET_URL_PREFIX* are allowed)" ;;
  esac
  rel=${url#"$ASSET_URL_PREFIX"}
  rel=${rel%%[?#]*}
  case $rel in
    fonts/* | *.woff | *.woff2) fail "engage.min.css references a font: $url" ;;
    *crest* | *crown* | *favicon* | *govuk-icon* | *opengraph*)
      fail "engage.min.css references GOV.UK/Crown imagery: $url" ;;
    images/*) ;;
    *) fail "engage.min.css references an asset outside images/: $url" ;;
  esac
  src=$GF_DIST/assets/$rel
  [[ -f $src ]] || fail "engage.min.css references $url but $src does not exist"
  mkdir -p "$WORK/out/assets/$(dirname "$rel")"
  cp "$src" "$WORK/out/assets/$rel"
  echo "$rel" >> "$WORK/copied.txt"
done < "$WORK/urls.txt"

# Cross-check: every referenced asset is present in the output.
while IFS= read -r url; do
  case $url in
    "$ASSET_URL_PREFIX"*)
      rel=${url#"$ASSET_URL_PREFIX"}
      rel=${rel%%[?#]*}
      [[ -f "$WORK/out/assets/$rel" ]] || fail "engage.min.css references $url, which was not copied"
      ;;
  esac
done < "$WORK/urls.txt"

# --- README ----------------------------------------------------------------------
cat > "$WORK/out/README.md" <<EOF
# static/govuk: compiled front-end assets (generated; do not edit)

\`engage.min.css\` is GOV.UK Frontend ${GF_VERSION} compiled with Sass ${SASS_VERSION} from \`scss/\` (Arial, Engage brand \`#1d3b6f\`, \`.app-*\` components); \`govuk-frontend.min.js\` is GOV.UK Frontend ${GF_VERSION}'s ES module (exports \`initAll\`), with its source-map comment removed.
\`assets/images/\` holds only the images the CSS references (currently $(if [[ -s $WORK/copied.txt ]]; then paste -sd, "$WORK/copied.txt" | sed 's/,/, /g'; else echo none; fi)); no fonts, crown, crest or favicon files are shipped: Engage is not a GOV.UK service, and GDS Transport and the Crown imagery are restricted to GOV.UK.
GOV.UK Frontend code is MIT licensed, Copyright (C) 2017 Crown Copyright (Government Digital Service); its bundled fonts and Crown images (not copied here) are not covered by that licence for use outside GOV.UK.
Rebuild with \`bash scripts/build-assets.sh\` (versions are pinned in \`package.json\` / \`package-lock.json\`); commit the result.
EOF

# --- Install output --------------------------------------------------------------
mkdir -p "$OUT"
rm -rf "$OUT/assets"
rm -f "$OUT/engage.min.css" "$OUT/govuk-frontend.min.js" "$OUT/README.md"
cp -R "$WORK/out/." "$OUT/"

echo "build-assets: govuk-frontend $GF_VERSION, sass $SASS_VERSION"
echo "build-assets: wrote"
(cd "$OUT" && find . -type f | LC_ALL=C sort | while IFS= read -r f; do
  printf '  %8d bytes  %s\n' "$(wc -c < "$f")" "$OUT/${f#./}"
done)
if [[ ! -s $WORK/copied.txt ]]; then
  echo "build-assets: the CSS references no image files; none copied"
fi
