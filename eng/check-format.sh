#!/usr/bin/env bash
# Format check, run by CI before the tests: fails when a C# line under src/, tests/ or eng/ is longer
# than .editorconfig's max_line_length, or when `dotnet format` would change whitespace or code style.
# Fix what it reports by hand (long lines) or with `dotnet format whitespace` / `dotnet format style`.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Lengths in characters, not bytes.
export LC_ALL=C.UTF-8

max=$(sed -n 's/^max_line_length *= *\([0-9][0-9]*\).*/\1/p' .editorconfig | head -n 1)
if [[ -z $max ]]; then
  echo "check-format: no max_line_length in .editorconfig" >&2
  exit 1
fi

# Files git knows (tracked, or new and not ignored); every .cs file outside bin/ and obj/ without git.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard --deduplicate -- 'src/*.cs' 'tests/*.cs' 'eng/*.cs')
else
  mapfile -t files < <(find src tests eng -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' | sort)
fi

status=0
long=0
for file in "${files[@]}"; do
  [[ -f $file ]] || continue
  while IFS= read -r hit; do
    line=${hit#*:}
    echo "$file:${hit%%:*}: ${#line} characters (max_line_length is $max)"
    long=$((long + 1))
  done < <(grep -nE "^.{$((max + 1))}" "$file" || true)
done
if ((long > 0)); then
  echo "check-format: $long line(s) longer than $max characters"
  status=1
fi

if ! dotnet format whitespace OpenMcf.TcpRoute.sln --verify-no-changes; then
  echo "check-format: dotnet format whitespace would change the files above"
  status=1
fi
if ! dotnet format style OpenMcf.TcpRoute.sln --verify-no-changes --severity warn; then
  echo "check-format: dotnet format style would change the files above"
  status=1
fi

if ((status == 0)); then
  echo "check-format: ${#files[@]} files, no line over $max characters, whitespace and style as dotnet format wants"
fi
exit "$status"
