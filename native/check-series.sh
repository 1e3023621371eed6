#!/usr/bin/env bash
# Checks the shape of the kernel patch series in native/kexec_jump_kernel.patch:
#
#   native/check-series.sh [--build] [PATCH_FILE]
#
# * a cover letter [PATCH 0/N] and patches [PATCH 1/N]..[PATCH N/N], in order;
# * every patch clean under the kernel's scripts/checkpatch.pl --strict;
# * every file a patch adds is covered by an F: pattern of MAINTAINERS (so the
#   "does MAINTAINERS need updating?" check, FILE_PATH_CHANGES, is replaced by a
#   real one rather than ignored);
# * checkpatch's UNKNOWN_COMMIT_ID is ignored: the tree is Debian's tarball, without
#   mainline history, so it cannot look commit ids up (the Fixes: ids were checked
#   against mainline, see native/README.md);
# * the series applies to the pristine linux-source tree patch by patch (6.12, or 7.3
#   for kexec_jump_kernel-7.3.patch)
#   (git apply into a private index; the shared tree is not touched);
# * with --build: x86_64 builds after each patch (tinyconfig + native/kernel
#   fragments, incremental, in its own clone and object folder under the cache).
#   Not part of the default test run: see native/README.md for its cost.
#
# The pristine tree is the one native/build-kernel.sh extracts
# ($KEXEC_JUMP_CACHE/kernel/src-VERSION, a git repository whose HEAD is pristine).
# Prints one line per check and "check-series: ok" at the end; exits 1 on the
# first failed check, with the reason on stderr.
set -euo pipefail

build=0
if [ "${1:-}" = "--build" ]; then build=1; shift; fi
here=$(cd "$(dirname "$0")" && pwd)
patch_file=${1:-$here/kexec_jump_kernel.patch}
cache=${KEXEC_JUMP_CACHE:-$HOME/.cache/kexec-jump}/kernel
fail() { echo "check-series: $*" >&2; exit 1; }

[ -f "$patch_file" ] || fail "no patch file $patch_file"
# The 7.3 rebase (kexec_jump_kernel-7.3.patch) applies to Debian's linux-source-7.3, which
# build-kernel.sh fetches and extracts for the x86_64-7.3 flavour.
case "$patch_file" in
  *-7.3.patch)
    series=7.3
    src=$(ls -d "$cache"/src-7.3.* 2>/dev/null | head -1)
    [ -n "$src" ] || fail "no linux-source-7.3 tree under $cache (run native/build-kernel.sh x86_64-7.3 or bench prepare first)"
    src_version=${src##*/src-} ;;
  *)
    series=6.12
    src_version=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) || fail "linux-source-6.12 is not installed (scripts/setup.sh)"
    src=$cache/src-$src_version ;;
esac
[ -f "$src/.pristine" ] || fail "no pristine kernel tree at $src (run native/build-kernel.sh or bench prepare first)"

work=$(mktemp -d "${TMPDIR:-/tmp}/check-series.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Split the mbox into one file per message (git format-patch's "From <sha> Mon Sep 17 ..." lines).
awk -v dir="$work" '
  /^From [0-9a-f]+ Mon Sep 17 00:00:00 2001$/ { n++; f = sprintf("%s/%04d.patch", dir, n) }
  n > 0 { print > f }
' "$patch_file"
mapfile -t parts < <(ls "$work"/*.patch 2>/dev/null)
[ ${#parts[@]} -ge 2 ] || fail "$patch_file holds ${#parts[@]} messages; expected a cover letter and patches"

# Numbering: [PATCH i/N] with i = 0..N in file order, the same N everywhere, i zero-padded to
# the width of N as git format-patch writes it ([PATCH 01/10]).
total=$(( ${#parts[@]} - 1 ))
i=0
for p in "${parts[@]}"; do
  subject=$(sed -n 's/^Subject: //p' "$p" | head -n1)
  want=$(printf '[PATCH %0*d/%d]' "${#total}" "$i" "$total")
  case "$subject" in
    "$want "*) ;;
    *) fail "message $((i + 1)) has subject '$subject'; expected it to start with '$want'" ;;
  esac
  if [ "$i" = 0 ]; then
    grep -q '^diff --git ' "$p" && fail "the cover letter $want carries a diff"
    grep -q '\*\*\* SUBJECT HERE \*\*\*\|\*\*\* BLURB HERE \*\*\*' "$p" && fail "the cover letter still has format-patch's placeholders"
  else
    grep -q '^diff --git ' "$p" || fail "$want has no diff"
  fi
  i=$((i + 1))
done
echo "numbering: cover letter and $total patches, $(printf '[PATCH %0*d/%d]' "${#total}" 0 "$total")..[PATCH $total/$total]"

# checkpatch --strict, run from the pristine tree (it reads MAINTAINERS and the spelling list there).
for p in "${parts[@]:1}"; do
  subject=$(sed -n 's/^Subject: //p' "$p" | head -n1)
  # /usr/bin first: scripts/spdxcheck.py needs Debian's python3 with python3-ply and python3-git.
  if ! out=$(cd "$src" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-summary --terse --color=never \
      --ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$p" 2>&1); then
    fail "checkpatch --strict on '$subject':
$out"
  fi
  [ -z "$out" ] || fail "checkpatch --strict on '$subject' reported:
$out"
done
echo "checkpatch: --strict clean on all $total patches"

# Apply patch by patch to a private index of the pristine tree.
export GIT_INDEX_FILE=$work/index
git -C "$src" read-tree HEAD
n=0
for p in "${parts[@]:1}"; do
  n=$((n + 1))
  subject=$(sed -n 's/^Subject: //p' "$p" | head -n1)
  if ! out=$(git -C "$src" apply --cached --whitespace=error-all "$p" 2>&1); then
    fail "[PATCH $n/$total] does not apply after the patches before it ('$subject'):
$out"
  fi
done
echo "apply: all $total patches apply in order to linux-source-$series $src_version"

# Every added file must have maintainers through an existing F: pattern.
mapfile -t added < <(grep -h -A3 '^diff --git ' "${parts[@]:1}" | awk '
  /^diff --git / { path = substr($4, 3) }
  /^new file mode/ { print path }' | sort -u)
git -C "$src" show :MAINTAINERS >"$work/MAINTAINERS"
mapfile -t patterns < <(sed -n 's/^F:[[:space:]]*//p' "$work/MAINTAINERS")
for f in "${added[@]}"; do
  covered=0
  for pat in "${patterns[@]}"; do
    case "$pat" in
      */) [[ "$f" == "$pat"* ]] && { covered=1; break; } ;;
      *) # shellcheck disable=SC2053
         [[ "$f" == $pat ]] && { covered=1; break; } ;;
    esac
  done
  [ "$covered" = 1 ] || fail "$f is added but no F: pattern in MAINTAINERS covers it"
done
echo "maintainers: all ${#added[@]} added files are covered by MAINTAINERS"
unset GIT_INDEX_FILE

if [ "$build" = 1 ]; then
  # Own clone and object folder, so the bench's shared tree and objects stay as they are.
  tree=$cache/series-src
  obj=$cache/obj-series-x86_64
  exec 9>"$cache/.lock-series"
  flock -x 9
  if [ ! -d "$tree/.git" ]; then
    rm -rf "$tree"
    git clone -q --shared "$src" "$tree"
  fi
  git -C "$tree" checkout -q -f HEAD -- . && git -C "$tree" clean -qfdx
  mkdir -p "$obj"
  frags=("$here/kernel/common.config" "$here/kernel/x86_64.config")
  jobs=$(( $(nproc) + 1 ))
  n=0
  for p in "${parts[@]:1}"; do
    n=$((n + 1))
    subject=$(sed -n 's/^Subject: //p' "$p" | head -n1)
    git -C "$tree" apply "$p"
    start=$(date +%s)
    (cd "$tree" && make -s O="$obj" ARCH=x86_64 tinyconfig >/dev/null &&
      scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "${frags[@]}" >/dev/null &&
      make -s O="$obj" ARCH=x86_64 olddefconfig >/dev/null) || fail "configuring after [PATCH $n/$total] failed"
    if ! out=$(cd "$tree" && make -s O="$obj" ARCH=x86_64 -j"$jobs" bzImage 2>&1); then
      fail "x86_64 does not build after [PATCH $n/$total] ('$subject'):
$(echo "$out" | tail -n 30)"
    fi
    echo "build: x86_64 builds after [PATCH $n/$total] ($(( $(date +%s) - start )) s)"
  done
  git -C "$tree" checkout -q -f HEAD -- . && git -C "$tree" clean -qfdx
fi
echo "check-series: ok"
