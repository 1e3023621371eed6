#!/usr/bin/env bash
# Runs every test: unit tests on real bench data and the QEMU end-to-end scenarios.
# Sets up first (scripts/setup.sh), then prepares the bench once (kernel, NativeAOT tools,
# vmcore fixtures; cached outside the repository) so test projects running in parallel
# find everything ready.
set -uo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh || exit 1
start=$(date +%s)
restore_log=$(mktemp)
echo "test.sh: restoring NuGet packages"
if ! dotnet restore Tools.sln -nologo -v q >"$restore_log" 2>&1; then
  # One line naming what could not be fetched (NU1101: not found, NU1301: source unreachable).
  what=$(grep -Eo "NU1[0-9]{3}: [^[]*" "$restore_log" | sort -u | head -3 | tr '\n' ' ')
  echo "test.sh: could not fetch NuGet packages: ${what:-see dotnet restore output}" >&2
  rm -f "$restore_log"; exit 1
fi
rm -f "$restore_log"
echo "test.sh: building the solution"
dotnet build Tools.sln --no-restore -nologo -v q -clp:ErrorsOnly || exit 1
echo "test.sh: preparing the bench (kernels, NativeAOT tools, Mono tools, fixtures; cold: 45-55 min on 2 cores)"
dotnet tests/Bench/bin/Debug/net10.0/bench.dll prepare || exit 1
echo "test.sh: bench ready after $(( $(date +%s) - start )) s"
# A short coverage-guided pass over every parser (AFL++ + SharpFuzz, about 3 min); a crash or
# a hang fails the run.
bash scripts/fuzz.sh --ci
fuzz_rc=$?
echo "test.sh: fuzzing $([ "$fuzz_rc" -eq 0 ] && echo passed || echo FAILED) after $(( $(date +%s) - start )) s"
log=$(mktemp)
# The minimal console logger prints each failed test's message, which -v q alone hides.
dotnet test Tools.sln --no-build -nologo -v q --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "test.sh: finished after $(( $(date +%s) - start )) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$fuzz_rc" -eq 0 ]
