#!/bin/sh
# Loads every seed organisation's privacy notice in headless Chromium
# (Debian's `chromium` package): the page must load as a document in
# English with its headings, every contents link must reach its section,
# and the page must print. Not part of `.ci/run` (CI machines have no
# browser); run it after changing the HTML template:
#
#   cargo build && tests/browser/check-notices.sh
set -eu

ropa=${ROPA:-target/debug/ropa}
chromium=${CHROMIUM:-chromium}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
database="sqlite://$work/ropa.db?mode=rwc"
browse() {
    "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
        --user-data-dir="$work/profile" "$@" 2>/dev/null
}

"$ropa" apply --database "$database" seeds/*.toml >/dev/null
failures=0
for seed in seeds/*.toml; do
    organization=$(basename "$seed" .toml)
    [ "$organization" = catalog ] && continue
    page="$work/$organization.html"
    "$ropa" notice --database "$database" --org "$organization" \
        --jurisdiction gdpr,ccpa --format html --output "$page" 2>/dev/null
    dom="$work/$organization.dom"
    browse --dump-dom "file://$page" >"$dom"
    problems=""
    grep -q '<html lang="en">' "$dom" || problems="$problems no-lang"
    [ "$(grep -c '<h1>' "$dom")" -eq 1 ] || problems="$problems not-one-h1"
    grep -q '<nav aria-labelledby="contents">' "$dom" || problems="$problems no-contents"
    for target in $(grep -o 'href="#[^"]*"' "$dom" | sed 's/href="#//; s/"$//' | sort -u); do
        grep -q "id=\"$target\"" "$dom" || problems="$problems broken-link:#$target"
    done
    browse --no-pdf-header-footer --print-to-pdf="$work/$organization.pdf" "file://$page" >/dev/null
    [ -s "$work/$organization.pdf" ] || problems="$problems does-not-print"
    if [ -n "$problems" ]; then
        echo "$organization:$problems"
        failures=$((failures + 1))
    else
        echo "$organization: renders, $(grep -c '<h2' "$dom") sections, prints ($(wc -c <"$work/$organization.pdf") bytes of PDF)"
    fi
done
[ "$failures" -eq 0 ]
