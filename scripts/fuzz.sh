#!/usr/bin/env bash
# Coverage-guided fuzzing of the tools' parsers: tests/Fuzz's harnesses, instrumented with
# SharpFuzz (the local dotnet tool of .config/dotnet-tools.json), run by AFL++ (Debian's afl++)
# for a bounded time each, from seeds cut out of the bench's real files (scripts/fuzz-seeds.py).
#
#   scripts/fuzz.sh [--seconds N] [--ci] [HARNESS...]
#
# --seconds N  time per harness (default 120); --ci: 12 s each, CI's short pass.
# Prints one line per harness (executions, AFL's map density and corpus, crashes, hangs) and,
# for each crash, the exception the uninstrumented harness reports for it. Exits 1 when any
# harness crashed or hung, 2 when something it needs is missing (one line saying what).
# Run the long pass at low priority: nice -n 10 scripts/fuzz.sh --seconds 240
# Findings stay in $KEXEC_JUMP_CACHE/fuzz/findings/HARNESS (AFL's output folders).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
cache=${KEXEC_JUMP_CACHE:-$HOME/.cache/kexec-jump}
work=$cache/fuzz
seconds=120
harnesses=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) seconds=12 ;;
    --seconds) seconds=$2; shift ;;
    -*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
    *) harnesses+=("$1") ;;
  esac
  shift
done
fail() { echo "fuzz: $*" >&2; exit 2; }

command -v afl-fuzz >/dev/null || fail "afl-fuzz not found: install Debian's afl++ (scripts/setup.sh does)"
command -v python3 >/dev/null || fail "python3 not found (it cuts the seeds)"

# The instrumenting tool and the SharpFuzz package come from NuGet, or from its cache when warm.
log=$(mktemp)
# The harnesses' scratch files (tests/Fuzz Scratch), in memory; afl-fuzz kills its targets, so
# the folder goes at the end rather than with each target.
scratch=$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/kexec-jump-fuzz.XXXXXX")
trap 'rm -f "$log"; rm -rf "$scratch"' EXIT
dotnet tool restore >"$log" 2>&1 ||
  fail "could not fetch the dotnet tool SharpFuzz.CommandLine 2.3.0 (dotnet tool restore: $(grep -m1 -iE 'error|unable|fail' "$log" | sed 's/^ *//'))"
dotnet restore tests/Fuzz/Fuzz.csproj -nologo -v q >"$log" 2>&1 ||
  fail "could not fetch the NuGet packages of tests/Fuzz (SharpFuzz 2.3.0 or the tools' own): $(grep -m1 -oE 'NU[0-9]{4}: .*' "$log" | sed 's/ \[.*//')"
dotnet build tests/Fuzz/Fuzz.csproj -nologo -v q -clp:ErrorsOnly >"$log" 2>&1 ||
  { cat "$log" >&2; fail "building tests/Fuzz failed"; }
built=$repo/tests/Fuzz/bin/Debug/net10.0

# The bench's real files (bench prepare makes them).
vmcore=$cache/fixtures/vmcore-6.12-x86_64.elf
[ -f "$vmcore" ] || fail "no bench vmcore $vmcore: run 'dotnet tests/Bench/bin/Debug/net10.0/bench.dll prepare' first"
vmcores=$vmcore
for extra in vmcore-6.1-debian vmcore-6.12-i386 vmcore-6.12-i386-pae; do
  [ -f "$cache/fixtures/$extra.elf" ] && vmcores+=",$cache/fixtures/$extra.elf"
done
kernels=""
for arch in x86_64 i386; do
  k=$(ls -td "$cache"/kernel/out/$arch-*/ 2>/dev/null | while read -r d; do [ -f "$d/bzImage" ] && [ -f "$d/vmlinux" ] && echo "$d" && break; done)
  [ -n "$k" ] && kernels+="${kernels:+,}${k%/}"
done
[ -n "$kernels" ] || fail "no bench kernel (bzImage and vmlinux) under $cache/kernel/out: run bench prepare first"

# Seeds: made again whenever the real files or the seed script change.
key=$( { echo "$vmcores $kernels"; stat -L -c '%s %Y' ${vmcores//,/ } 2>/dev/null; readlink -f ${vmcores//,/ }; cat scripts/fuzz-seeds.py;
         ls -l "$built/makedumpfile.dll"; } | sha256sum | cut -c1-16)
seeds=$work/seeds-$key
if [ ! -d "$seeds" ]; then
  rm -rf "$work"/seeds-* "$seeds.tmp"
  python3 scripts/fuzz-seeds.py "$seeds.tmp" "$built/makedumpfile.dll" "$vmcores" "$kernels" >"$log" 2>&1 ||
    { cat "$log" >&2; fail "making the seeds failed"; }
  rm -rf "$seeds.tmp/work"
  mv "$seeds.tmp" "$seeds"
fi

# An instrumented copy of the build: the tools' assemblies get SharpFuzz's edge counters.
bin=$work/bin
rm -rf "$bin"
cp -r "$built" "$bin"
for a in Common.Elf ToolHost makedumpfile krestore kexec; do
  dotnet tool run sharpfuzz "$bin/$a.dll" >"$log" 2>&1 || { cat "$log" >&2; fail "sharpfuzz could not instrument $a.dll"; }
done

[ ${#harnesses[@]} -gt 0 ] || mapfile -t harnesses < <(dotnet "$built/fuzz.dll" --list)
export KEXEC_JUMP_FUZZ_REPO=$repo KEXEC_JUMP_FUZZ_VMCORE=$vmcore KEXEC_JUMP_FUZZ_SCRATCH=$scratch
# Memory bounded by the input's real size: inputs are at most 1 MiB (AFL's limit), so a heap
# beyond 512 MiB is a finding (OutOfMemoryException, which no harness accepts).
export DOTNET_GCHeapHardLimit=0x20000000
# The target is dotnet, not an afl-cc binary; the machine is shared, so no CPU pinning.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 \
       AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_WARN_INSTABILITY=1
printf '%-11s %9s %7s %6s %7s %7s %5s\n' harness executions exec/s map% corpus crashes hangs
bad=0
for h in "${harnesses[@]}"; do
  [ -d "$seeds/$h" ] || fail "no seeds for harness '$h' (known: $(ls "$seeds" | tr '\n' ' '))"
  out=$work/findings/$h
  rm -rf "$out"
  mkdir -p "$out"
  # -t: a hang is one input taking over 10 s (the slowest seed takes well under 1 s).
  afl-fuzz -i "$seeds/$h" -o "$out" -t 10000 -m none -V "$seconds" -- dotnet "$bin/fuzz.dll" "$h" >"$out/afl.log" 2>&1
  stats=$out/default/fuzzer_stats
  if [ ! -f "$stats" ]; then
    echo "fuzz: afl-fuzz did not start harness $h: $(grep -m1 -E 'PROGRAM ABORT|SYSTEM ERROR|ERROR' "$out/afl.log" | sed 's/\x1b\[[0-9;]*m//g')" >&2
    bad=1
    continue
  fi
  field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(field saved_crashes); hangs=$(field saved_hangs)
  printf '%-11s %9s %7s %6s %7s %7s %5s\n' "$h" "$(field execs_done)" "$(field execs_per_sec)" "$(field bitmap_cvg)" \
    "$(field corpus_count)" "$crashes" "$hangs"
  if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
    bad=1
    for c in "$out"/default/crashes/id*; do
      [ -f "$c" ] || continue
      reason=$(dotnet "$built/fuzz.dll" "$h" "$c" 2>&1 | grep -m1 '^CRASH' | sed "s|^CRASH $c: ||" | cut -c1-240)
      echo "  crash $(basename "$c" | cut -d, -f1): ${reason:-did not crash again outside AFL (a crash of the instrumented run only, or a flaky one)}"
    done
    for c in "$out"/default/hangs/id*; do
      [ -f "$c" ] && echo "  hang  $c"
    done
  fi
done
exit $bad
