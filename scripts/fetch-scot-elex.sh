#!/bin/sh
# Fetch the scot-elex BLT files (mggg/scot-elex, 1,100 Scottish council wards) at a pinned
# commit into DEST (default .scot-elex), for `make crosscheck` and the elections benchmark.
# Not needed by `make test`, which counts the 15 wards kept in tests/data/scot_elex.
#
#   sh scripts/fetch-scot-elex.sh [DEST]
#   SCOT_ELEX_GIT=/path/to/a/clone sh scripts/fetch-scot-elex.sh   # no network: a local clone
#
# Then: export GOVERNANCE_SCOT_ELEX=DEST/blt_files
set -eu
COMMIT=304b0842b54f0fe89441757424106be8a991f57f
URL=https://github.com/mggg/scot-elex
DEST=${1:-.scot-elex}

if [ -f "$DEST/COMMIT" ] && [ "$(cat "$DEST/COMMIT")" = "$COMMIT" ]; then
  echo "$DEST already holds scot-elex at $COMMIT"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${SCOT_ELEX_GIT:-}" ]; then
  git --git-dir="$SCOT_ELEX_GIT" archive --format=tar "$COMMIT" blt_files README.md >"$tmp/t.tar"
else
  git init --quiet --bare "$tmp/repo"
  sh "$(dirname "$0")/retry.sh" 3 git --git-dir="$tmp/repo" fetch --quiet --depth 1 "$URL" "$COMMIT"
  git --git-dir="$tmp/repo" archive --format=tar "$COMMIT" blt_files README.md >"$tmp/t.tar"
fi
rm -rf "$DEST"
mkdir -p "$DEST"
tar -xf "$tmp/t.tar" -C "$DEST"
echo "$COMMIT" >"$DEST/COMMIT"
echo "scot-elex $COMMIT: $(find "$DEST/blt_files" -name '*.blt' | wc -l) BLT files in $DEST/blt_files"
