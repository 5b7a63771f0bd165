#!/usr/bin/env bash
# Assembles OSSNET's offline base image: a jlink runtime made from the build JDK, the few system
# libraries it links against (found with ldd, so nothing is guessed), a non-root user and the files
# a JVM and Tomcat expect (/etc/passwd, /etc/group, /etc/hosts, /etc/nsswitch.conf, a world-writable
# /tmp). It writes one image in `docker save` layout, which Jib reads as its base through
# `tar://`, so the images build where no container registry is reachable.
#
#   assemble-base.sh JAVA_HOME MODULES OUTPUT_TAR
#
# The runtime sits at /opt/java/openjdk, where eclipse-temurin images keep theirs, so the same PATH
# and JAVA_HOME serve an image on either base.
set -euo pipefail

java_home="$1"
modules="$2"
output="$3"

uid=65532
work="$(dirname "$output")/base"
rootfs="$work/rootfs"
rm -rf "$work"
mkdir -p "$rootfs/opt/java" "$rootfs/etc" "$rootfs/tmp" "$work/image"

# jlink also works from a JDK that ships no jmods (Temurin 25), linking from its own run-time image.
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$rootfs/opt/java/openjdk"

# Every shared library that the launcher and the runtime's own libraries need, copied (not linked) to
# the path the dynamic loader will look for it at, the loader itself included.
libraries="$(find "$rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } NF == 2 && $1 ~ /^\// { print $1 }' |
  grep -v "^$rootfs/" | sort -u)"
for library in $libraries; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done
# The JVM reads file names by the locale; C.UTF-8 keeps non-ASCII names readable, as it does outside.
if [ -d /usr/lib/locale/C.utf8 ]; then
  mkdir -p "$rootfs/usr/lib/locale"
  cp -r /usr/lib/locale/C.utf8 "$rootfs/usr/lib/locale/"
fi

cat >"$rootfs/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
ossnet:x:$uid:$uid:ossnet:/home/ossnet:/sbin/nologin
PASSWD
cat >"$rootfs/etc/group" <<GROUP
root:x:0:
ossnet:x:$uid:
GROUP
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$rootfs/etc/hosts"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
mkdir -p "$rootfs/home/ossnet"
chmod 1777 "$rootfs/tmp"
chmod 0755 "$rootfs/home/ossnet"

# One layer, owned by root and with fixed times and order, so the same JDK gives the same bytes.
tar --create --file "$work/image/layer.tar" --directory "$rootfs" --sort=name --mtime=@0 \
  --owner=0 --group=0 --numeric-owner --exclude=./home/ossnet .
tar --append --file "$work/image/layer.tar" --directory "$rootfs" --mtime=@0 \
  --owner=$uid --group=$uid --numeric-owner ./home/ossnet
diff_id="sha256:$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)"

cat >"$work/image/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"]},"rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
CONFIG
printf '[{"Config":"config.json","RepoTags":["ossnet/container-base:offline"],"Layers":["layer.tar"]}]\n' \
  >"$work/image/manifest.json"
tar --create --file "$output" --directory "$work/image" --mtime=@0 --owner=0 --group=0 --numeric-owner \
  manifest.json config.json layer.tar
rm -rf "$work"
echo "assembled $output ($(du -h "$output" | cut -f1)) from $java_home with $modules"
