#!/bin/sh
# build-deb.sh BUILD VERSION: packs what `make` left in BUILD (bin/, man/, completion/) into
# BUILD/kexec-jump-tools_VERSION_amd64.deb with dpkg-deb. kexec and makedumpfile go to the paths
# of Debian's (diverted by preinst, see diverted-files), krestore to /usr/sbin.
set -eu
build=$1 version=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$build/deb/root
rm -rf "$build/deb"
mkdir -p "$root/DEBIAN" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
  "$root/usr/share/man/man8" "$root/usr/share/man/man5" "$root/usr/share/bash-completion/completions" \
  "$root/usr/share/doc/kexec-jump-tools"
install -m 0755 "$build/bin/kexec" "$root/sbin/kexec"
install -m 0755 "$build/bin/makedumpfile" "$root/usr/bin/makedumpfile"
install -m 0755 "$build/bin/krestore" "$root/usr/sbin/krestore"
for page in kexec.8 makedumpfile.8 krestore.8; do
  gzip -9n <"$build/man/$page" >"$root/usr/share/man/man8/$page.gz"
done
gzip -9n <"$build/man/makedumpfile.conf.5" >"$root/usr/share/man/man5/makedumpfile.conf.5.gz"
for t in kexec makedumpfile krestore; do
  install -m 0644 "$build/completion/$t" "$root/usr/share/bash-completion/completions/$t"
done
gzip -9n <"$here/../../README.md" >"$root/usr/share/doc/kexec-jump-tools/README.md.gz"

# Every packaged file either is ours alone or is diverted: check the list against what dpkg
# would otherwise refuse to overwrite.
diverted=$(tr '\n' ' ' <"$here/diverted-files")
for f in $diverted; do
  [ -e "$root$f" ] || { echo "build-deb.sh: $f is diverted but not packaged" >&2; exit 1; }
done

# Depends from the libraries the binaries link (dpkg-shlibdeps wants a debian/control to read).
shl=$(mktemp -d)
trap 'rm -rf "$shl"' EXIT
mkdir "$shl/debian"
printf 'Source: kexec-jump-tools\n\nPackage: kexec-jump-tools\nArchitecture: amd64\n' >"$shl/debian/control"
abs_root=$(cd "$root" && pwd)
depends=$(cd "$shl" && dpkg-shlibdeps -O "$abs_root/sbin/kexec" "$abs_root/usr/bin/makedumpfile" "$abs_root/usr/sbin/krestore" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)

sed -e "s/@VERSION@/$version/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$size/" "$here/control.in" >"$root/DEBIAN/control"
for script in preinst postrm; do
  sed -e "s|@DIVERTED@|$diverted|" "$here/$script" >"$root/DEBIAN/$script"
  chmod 0755 "$root/DEBIAN/$script"
done
deb=$build/kexec-jump-tools_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb.tmp" >/dev/null
mv "$deb.tmp" "$deb"
echo "$deb"
