#!/usr/bin/env bash
# Benchmark: krestore restoring a 512 MiB image (the bench's 6.12 guest, dump level 0, so every
# page is written) in -c and -l forms into a sparse file, wall time and peak RSS
# (/usr/bin/time -v). There is no C peer for krestore; the reference is a raw write of the same
# bytes with dd (what makedumpfile -R or any copy would cost: read + pwrite + fsync), and the
# ratio krestore/dd is reported. Not a test: the numbers depend on the machine and its load.
#
#   krestore-bench.sh [VMCORE.elf]
#
# Without VMCORE it uses ~/.cache/kexec-jump/fixtures/vmcore-6.12-x86_64/vmcore.elf (made by
# `bench prepare`). krestore and makedumpfile are published with NativeAOT first (set
# KRESTORE=/path/to/krestore MAKEDUMPFILE=/path/to/makedumpfile to skip that).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${KEXEC_JUMP_CACHE:-$HOME/.cache/kexec-jump}
vmcore=${1:-$cache/fixtures/vmcore-6.12-x86_64/vmcore.elf}
[ -f "$vmcore" ] || { echo "bench: no $vmcore (run: dotnet tests/Bench/bin/Debug/net10.0/bench.dll prepare)" >&2; exit 1; }

krestore=${KRESTORE:-}
if [ -z "$krestore" ]; then
  dotnet publish "$repo/src/KRestore" -f net10.0 -r linux-x64 -c Release -o "$cache/tools/krestore-aot" >&2
  krestore=$cache/tools/krestore-aot/krestore
fi
mdf=${MAKEDUMPFILE:-}
if [ -z "$mdf" ]; then
  dotnet publish "$repo/src/MakeDumpFile" -f net10.0 -r linux-x64 -c Release -o "$cache/tools/makedumpfile-aot" >&2
  mdf=$cache/tools/makedumpfile-aot/makedumpfile
fi

mkdir -p "$cache/work"
work=$(mktemp -d "$cache/work/krestore-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/proc"
# The "running kernel" owns RAM far above the image, as B's range would be outside A's saved RAM.
printf '00000000-00000fff : Reserved\n100000000-17fffffff : System RAM\n' > "$work/root/proc/iomem"

measure() { # command... -> "seconds peak_kib"
  local log=$work/time.log
  /usr/bin/time -v "$@" > "$work/out.txt" 2> "$log" || { cat "$log" "$work/out.txt" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  echo "$wall $rss"
}

fresh_target() { rm -f "$work/target"; truncate -s 4G "$work/target"; sync; }

# dd reference: the guest's RAM as raw bytes (the first PT_LOAD of the core), written with 1 MiB
# writes and one fsync, like krestore's pwrite + fsync.
load_offset=$(( $(readelf -lW "$vmcore" | awk '$1=="LOAD"{print $2; exit}') ))
load_size=$(( $(readelf -lW "$vmcore" | awk '$1=="LOAD"{print $5; exit}') ))
fresh_target
read -r dd_s dd_rss < <(measure dd if="$vmcore" of="$work/target" bs=1M iflag=skip_bytes,count_bytes skip="$load_offset" count="$load_size" conv=notrunc,fsync status=none)

printf '%s\n' "vmcore: $vmcore, RAM written: $load_size bytes, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'reference dd (same bytes, 1 MiB writes, fsync): %s s, peak RSS %s KiB\n' "$dd_s" "$dd_rss"
printf '%-6s %-10s | %9s %8s %10s | %s\n' form verify seconds vs_dd peak_KiB summary
for form in c l; do
  img=$work/d0.$form
  "$mdf" -$form -d 0 --message-level 0 "$vmcore" "$img"
  for verify in yes no; do
    fresh_target
    flag=; [ "$verify" = no ] && flag=--no-verify
    # shellcheck disable=SC2086
    read -r s rss < <(measure "$krestore" $flag --target "$work/target" --target-core "$vmcore" --system-root "$work/root" "$img")
    pages=$(grep '^pages written' "$work/out.txt")
    ratio=$(awk -v a="$s" -v b="$dd_s" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }')
    printf '%-6s %-10s | %9s %8s %10s | %s\n' "-$form" "$verify" "$s" "${ratio}x" "$rss" "$pages"
  done
  rm -f "$img"
done
