#!/bin/sh
# manpage.sh TEMPLATE TOOL VERSION DATE: prints the man page TEMPLATE (packaging/man/*.in) with
# @OPTIONS@ replaced by the OPTIONS section made from `TOOL --help` (help-options.awk), so the
# page lists exactly what the tool's option table says, and @VERSION@, @DATE@ filled in.
set -eu
template=$1 tool=$2 version=$3 date=$4
here=$(dirname "$0")
options=$(mktemp)
trap 'rm -f "$options"' EXIT
if grep -q '^@OPTIONS@$' "$template"; then
  help=$("$tool" --help) || { echo "manpage.sh: $tool --help failed" >&2; exit 1; }
  printf '%s\n' "$help" | awk -v mode=roff -f "$here/help-options.awk" >"$options"
  [ -s "$options" ] || { echo "manpage.sh: no options found in $tool --help" >&2; exit 1; }
fi
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    @OPTIONS@) cat "$options" ;;
    *) printf '%s\n' "$line" | sed -e "s/@VERSION@/$version/g" -e "s/@DATE@/$date/g" ;;
  esac
done <"$template"
