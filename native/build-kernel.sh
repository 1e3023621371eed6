#!/usr/bin/env bash
# Build a bench kernel from Debian's kernel source with our patch series and
# config fragments, and cache the result outside the repository.
#
#   native/build-kernel.sh [x86_64|i386|i386-pae|x86_64-7.3]  prints the cache folder
#                                  holding bzImage, vmlinux, System.map, .config
#
# x86_64, i386 and i386-pae are built from linux-source-6.12 (installed on the host)
# with kexec_jump_kernel.patch. x86_64-7.3 is built from Debian's linux-source-7.3
# (trixie-backports), which the host's apt sources do not offer: it is downloaded with
# a private apt state under the cache (the host's apt sources and package database
# stay as they are) and carries kexec_jump_kernel-7.3.patch, the series rebased onto
# it. All flavours use the same config fragments.
#
# The cache key covers the source package version, the patch, the config
# fragments and this script, so a second run with nothing changed only hashes
# a few files. Object files are kept per flavour (make O=...), so a changed
# patch or option rebuilds incrementally.
set -euo pipefail

arch=${1:-x86_64}
series=6.12
case "$arch" in
  x86_64) pae=0 ;;
  i386) pae=0 ;;
  i386-pae) arch=i386; pae=1 ;;
  x86_64-7.3) arch=x86_64; pae=0; series=7.3 ;;
  *) echo "build-kernel.sh: unknown flavour '$arch' (x86_64, i386, i386-pae, x86_64-7.3)" >&2; exit 2 ;;
esac
flavour=$arch$([ "$pae" = 1 ] && echo -pae || true)$([ "$series" = 6.12 ] || echo "-$series")

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${KEXEC_JUMP_CACHE:-$HOME/.cache/kexec-jump}
cache=$cache_root/kernel
if [ "$series" = 6.12 ]; then
  patch_file=$here/kexec_jump_kernel.patch
  tarball=/usr/src/linux-source-6.12.tar.xz
  host_source=linux-source-6.12
else
  patch_file=$here/kexec_jump_kernel-$series.patch
  host_source=
fi
log() { echo "build-kernel: $*" >&2; }

need_pkgs=()
for p in $host_source flex bison bc libelf-dev libssl-dev cpio make gcc xz-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  if [ "$(id -u)" != 0 ]; then echo "build-kernel.sh: need root to install ${need_pkgs[*]}" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >&2
fi

# Debian's linux-source-$series from suites newer than the host's, through apt with its
# own state (lists, archive cache, an empty dpkg status, its own sources.list): the
# package is only downloaded and unpacked, never installed. The .deb is kept, so later
# builds need no network; delete $cache_root/debian-apt to pick up a newer upload.
fetch_newer_source() {
  local state=$cache_root/debian-apt pkg=linux-source-$series deb
  mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/parts" "$state/preferences.d" "$state/debs"
  deb=$(ls "$state/debs/${pkg}_"*_all.deb 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$deb" ]; then
    [ -f "$state/status" ] || : >"$state/status"
    local suite
    : >"$state/sources.list"
    for suite in trixie-backports forky sid; do
      echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" >>"$state/sources.list"
    done
    local apt=(-o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state" -o "Dir::Cache::archives=$state/archives"
      -o "Dir::State::status=$state/status" -o "Dir::Etc::SourceList=$state/sources.list"
      -o "Dir::Etc::SourceParts=$state/parts" -o "Dir::Etc::PreferencesParts=$state/preferences.d"
      -o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o APT::Sandbox::User=root)
    log "fetching Debian's package lists of trixie-backports, forky and sid (private apt state $state)"
    apt-get "${apt[@]}" -qq update >&2 || { echo "build-kernel.sh: apt-get update with the private apt state $state failed" >&2; exit 1; }
    log "downloading $pkg"
    (cd "$state/debs" && apt-get "${apt[@]}" -qq download "$pkg" >&2) ||
      { echo "build-kernel.sh: Debian's archive (trixie-backports, forky, sid) has no $pkg" >&2; exit 1; }
    deb=$(ls "$state/debs/${pkg}_"*_all.deb | sort -V | tail -1)
  fi
  src_version=$(dpkg-deb -f "$deb" Version)
  tarball=$state/$pkg-$src_version.tar.xz
  if [ ! -f "$tarball" ]; then
    dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" >"$tarball.tmp"
    mv "$tarball.tmp" "$tarball"
  fi
}

if [ "$series" = 6.12 ]; then
  src_version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
else
  fetch_newer_source
fi
frags=("$here/kernel/common.config" "$here/kernel/$arch.config")
[ "$pae" = 1 ] && frags+=("$here/kernel/i386-pae.config")
# The key covers what reaches the kernel image: the diffs of files outside Documentation/ and
# tools/. Changelogs, the cover letter, documentation and selftests do not change bzImage, so
# editing them rebuilds neither the kernels nor the fixtures made from them.
build_diffs() {
  awk '/^From [0-9a-f]+ Mon Sep 17 00:00:00 2001$/ { keep = 0 }
       /^diff --git / { keep = ($3 !~ /^a\/(Documentation|tools)\//) }
       /^-- $/ { keep = 0 }
       keep' "$1"
}
key=$( { echo "$src_version $flavour"; cat "$0" "${frags[@]}"; build_diffs "$patch_file"; } | sha256sum | cut -c1-16)
out=$cache/out/$flavour-$key
if [ -f "$out/bzImage" ]; then echo "$out"; exit 0; fi

mkdir -p "$cache"
src=$cache/src-$src_version
patch_key=$(sha256sum "$patch_file" | cut -c1-16)
# The source tree is shared by all flavours: its lock is taken exclusively to extract or
# re-patch it and shared while building from it, so flavours with the same patch build
# side by side and a new patch waits for running builds.
# One source tree (and lock) per source package; 6.12's keeps its lock name.
exec 9>"$cache/.lock$([ "$series" = 6.12 ] || echo "-src-$series")"
while :; do
  flock -x 9
  if [ -f "$out/bzImage" ]; then echo "$out"; exit 0; fi

  # A pristine tree per source version, under git so each build starts clean.
  if [ ! -f "$src/.pristine" ]; then
    log "extracting $tarball"
    rm -rf "$src" "$src.tmp"; mkdir -p "$src.tmp"
    tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
    (cd "$src.tmp" && git init -q && git add -A -f >/dev/null && \
       git -c user.name=bench -c user.email=bench@localhost commit -qm pristine)
    touch "$src.tmp/.pristine"
    mv "$src.tmp" "$src"
  fi

  if [ "$(cat "$src/.applied" 2>/dev/null)" != "$patch_key" ]; then
    cd "$src"
    rm -f .applied
    # Back to pristine, keeping timestamps of untouched files so make stays incremental.
    git checkout -q -f HEAD -- . && git clean -qfdx -e .pristine -e .applied
    if grep -q '^--- ' "$patch_file"; then
      log "applying $(grep -c '^Subject:' "$patch_file") patches"
      patch -p1 --fuzz=0 --quiet --dry-run <"$patch_file" >&2 || { echo "build-kernel.sh: native/$(basename "$patch_file") does not apply to linux-source-$series $src_version" >&2; exit 1; }
      patch -p1 --fuzz=0 --quiet <"$patch_file" >&2
    fi
    echo "$patch_key" >.applied
  fi
  flock -s 9
  # Converting the lock is not atomic: make sure nobody re-patched in between.
  [ "$(cat "$src/.applied" 2>/dev/null)" = "$patch_key" ] && break
done
cd "$src"
exec 8>"$cache/.lock-$flavour"
flock -x 8
if [ -f "$out/bzImage" ]; then echo "$out"; exit 0; fi

obj=$cache/obj-$flavour
mkdir -p "$obj"
jobs=$(( $(nproc) + 1 ))
log "configuring $flavour"
make -s O="$obj" ARCH="$arch" tinyconfig >&2
scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "${frags[@]}" >/dev/null
make -s O="$obj" ARCH="$arch" olddefconfig >&2
# A later fragment overrides an earlier one (as merge_config.sh does), so check
# each option against the last fragment that names it.
declare -A want=()
order=()
for f in "${frags[@]}"; do
  while IFS= read -r line; do
    case "$line" in
      CONFIG_*=y) opt=${line%=y}; val=y ;;
      "# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt% is not set}; val=n ;;
      *) continue ;;
    esac
    [ -n "${want[$opt]+set}" ] || order+=("$opt")
    want[$opt]=$val
  done <"$f"
done
# Options the fragments name by their 6.12 name that a newer kernel renamed: checked under
# the new name (the fragments stay the same for every flavour).
declare -A renamed=()
[ "$series" = 6.12 ] || renamed=([CONFIG_PROC_SYSCTL]=CONFIG_SYSCTL)
missing=()
for opt in "${order[@]}"; do
  [ -z "${renamed[$opt]+set}" ] || { want[${renamed[$opt]}]=${want[$opt]}; opt=${renamed[$opt]}; }
  if [ "${want[$opt]}" = y ]; then grep -qx "$opt=y" "$obj/.config" || missing+=("$opt")
  else grep -q "^$opt=" "$obj/.config" && missing+=("!$opt"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-kernel.sh: options not as requested after olddefconfig: ${missing[*]}" >&2; exit 1
fi

log "building bzImage for $flavour with -j$jobs (a cold build takes 5-15 minutes on 2 cores)"
start=$(date +%s)
make -s O="$obj" ARCH="$arch" -j"$jobs" bzImage >&2 &
make_pid=$!
# A cold build is minutes of silence under make -s: say every 30 s how far it got.
ticks=0
while kill -0 "$make_pid" 2>/dev/null; do
  sleep 1; ticks=$((ticks + 1))
  if [ $((ticks % 30)) -eq 0 ] && kill -0 "$make_pid" 2>/dev/null; then
    log "$flavour: $(find "$obj" -name '*.o' -newer "$obj/.config" 2>/dev/null | wc -l) objects compiled, $(( $(date +%s) - start )) s"
  fi
done
wait "$make_pid" || { echo "build-kernel.sh: make bzImage failed for $flavour" >&2; exit 1; }
log "built in $(( $(date +%s) - start )) s"

mkdir -p "$out.tmp"
cp "$obj/arch/x86/boot/bzImage" "$obj/vmlinux" "$obj/System.map" "$obj/.config" "$out.tmp/"
echo "$src_version" >"$out.tmp/source-version"
rm -rf "$out"; mv "$out.tmp" "$out"
echo "$out"
