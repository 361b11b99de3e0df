#!/usr/bin/env bash
# Builds the offline base image (default tag benchfleet/jre-base:17) without any registry:
# a rootfs of busybox-static + a jlinked Java 17 runtime from the host JDK + the shared libraries it needs,
# imported with `docker import`. The image works as `FROM` for task-runner/Dockerfile (java on PATH, /bin/sh).
#
# Usage: make-base-image.sh [TAG]   (talks to the engine named by DOCKER_HOST)
# Env:   JDK_HOME (default /usr/lib/jvm/java-17-openjdk-amd64), BUSYBOX (default: busybox on PATH or /bin/busybox)
set -euo pipefail

TAG="${1:-benchfleet/jre-base:17}"
JDK_HOME="${JDK_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
BUSYBOX="${BUSYBOX:-$(command -v busybox || echo /bin/busybox)}"
# Modules a Java 17 HTTP-client application (the task runner) needs; java.sql is cheap and avoids surprises.
MODULES="java.base,java.net.http,java.logging,java.management,java.naming,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported"

log() { echo "make-base-image: $*" >&2; }
fail() { echo "make-base-image: FAILED: $*" >&2; exit 1; }

[ -x "$JDK_HOME/bin/jlink" ] || fail "no jlink at $JDK_HOME/bin/jlink (set JDK_HOME to a JDK 17)"
[ -d "$JDK_HOME/jmods" ] || fail "no $JDK_HOME/jmods (Debian: apt-get install openjdk-17-jdk-headless)"
[ -x "$BUSYBOX" ] || fail "no busybox at '$BUSYBOX' (Debian: apt-get install busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
  fail "$BUSYBOX is dynamically linked; the image needs busybox-static"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/benchfleet-rootfs.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"

# Merged-/usr layout like current Debian, so library paths ldd prints on the host resolve in the image.
mkdir -p "$ROOT"/{bin,etc,opt,tmp,root,proc,sys,dev,home,var/tmp,usr/bin,usr/lib,usr/lib64}
ln -s usr/lib "$ROOT/lib"
ln -s usr/lib64 "$ROOT/lib64"
ln -s bin "$ROOT/sbin"
chmod 1777 "$ROOT/tmp" "$ROOT/var/tmp"
chmod 700 "$ROOT/root"

cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ -e "$ROOT/bin/$applet" ] || ln -s busybox "$ROOT/bin/$applet"
done
ln -s ../../bin/busybox "$ROOT/usr/bin/env"

log "jlink $MODULES"
"$JDK_HOME/bin/jlink" --add-modules "$MODULES" --output "$ROOT/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress=2
ln -s ../../opt/java/bin/java "$ROOT/usr/bin/java"
# Debian's JDK links cacerts to /etc/ssl/certs/java/cacerts; jlink may copy the link, so store the real file.
if [ -L "$ROOT/opt/java/lib/security/cacerts" ] || [ ! -e "$ROOT/opt/java/lib/security/cacerts" ]; then
  rm -f "$ROOT/opt/java/lib/security/cacerts"
  if [ -r "$JDK_HOME/lib/security/cacerts" ]; then
    cp -L "$JDK_HOME/lib/security/cacerts" "$ROOT/opt/java/lib/security/cacerts"
  fi
fi

# Shared libraries the runtime links against (ldd output is parsed here only to copy files), plus the NSS
# modules glibc loads at run time for /etc/hosts and DNS lookups (those never show up in ldd).
copy_lib() {
  # Same path as on the host (through the rootfs's lib -> usr/lib links), so the loader's built-in search
  # directories find it, whatever the host distribution's layout.
  [ -e "$ROOT$1" ] || cp -L --parents "$1" "$ROOT"
}
ldd_out="$(
  find "$ROOT/opt/java/bin" "$ROOT/opt/java/lib" -type f \( -perm -u+x -o -name '*.so' \) -print0 \
    | xargs -0 ldd 2>/dev/null || true
)"
libs="$(printf '%s\n' "$ldd_out" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | { grep -v "^$ROOT" || true; } | sort -u)"
loaders="$(printf '%s\n' "$ldd_out" | awk '$1 ~ /^\// && $2 ~ /^\(0x/ { print $1 }' | { grep -v "^$ROOT" || true; } | sort -u)"
[ -n "$loaders" ] || fail "no dynamic loader in the ldd output for the jlinked runtime"
for lib in $loaders $libs; do copy_lib "$lib"; done
libdir="$(dirname "$(printf '%s\n' "$libs" | grep '/libc\.so' | head -1)")"
for extra in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2 libgcc_s.so.1; do
  if [ -e "$libdir/$extra" ]; then copy_lib "$libdir/$extra"; fi
done

cat >"$ROOT/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
cat >"$ROOT/etc/group" <<'GR'
root:x:0:
nogroup:x:65534:
GR
cat >"$ROOT/etc/nsswitch.conf" <<'NS'
passwd: files
group:  files
hosts:  files dns
NS
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
: >"$ROOT/etc/resolv.conf"
echo benchfleet >"$ROOT/etc/hostname"

size="$(du -sh "$ROOT" | cut -f1)"
log "rootfs $size; importing as $TAG"
tar -C "$ROOT" --numeric-owner --owner=0 --group=0 -cf - . \
  | docker import \
      --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV JAVA_HOME=/opt/java' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD ["/bin/sh"]' \
      --message "benchfleet offline base: busybox-static + jlinked JRE 17" \
      - "$TAG" >/dev/null
log "imported $TAG"
