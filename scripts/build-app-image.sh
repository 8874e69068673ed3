#!/usr/bin/env bash
# build-app-image.sh - build the Kosmos application image (the command line, non-root, no Docker
# socket inside) from the shaded jar, and smoke-test it.
#
#   scripts/build-app-image.sh           build kosmos:<version> and kosmos:latest
#   scripts/build-app-image.sh --smoke   build, then check the image: `kosmos --version`, `kosmos
#                                        doctor` (which must say that no Docker engine is reachable
#                                        from inside, with the fix), the user (uid 10001, not root),
#                                        no Docker socket or client inside, a read-only root
#                                        file system, and `kosmos smoke` run in the image on the
#                                        host's Docker engine (lent for that run only)
#
# The Java runtime inside is made with jlink from the JDK that builds (scripts/find-jdk.sh), so no
# image registry is needed beyond the Debian base: debian:bookworm-slim if the engine has it, else
# kosmos-base:bookworm, which scripts/setup-sandbox.sh makes with debootstrap. KOSMOS_APP_BASE
# overrides the choice. Details: docs/operations/image.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
log() { printf '[build-app-image] %s\n' "$*" >&2; }
die() { printf '[build-app-image] ERROR: %s\n' "$*" >&2; exit 1; }

smoke=0
case "${1:-}" in
    --smoke) smoke=1 ;;
    "") ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (use --smoke or nothing)" ;;
esac

docker info >/dev/null 2>&1 || die "no Docker engine answers; run scripts/setup-sandbox.sh first"
JAVA_HOME="$("$root/scripts/find-jdk.sh")"
export JAVA_HOME

jar="$root/kosmos-cli/target/kosmos.jar"
if [ ! -f "$jar" ]; then
    log "building the command line (kosmos-cli/target/kosmos.jar)"
    (cd "$root" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true \
        -Dmaven.javadoc.skip=true -pl kosmos-cli -am package) >&2
fi
version="$("$JAVA_HOME/bin/java" -jar "$jar" --version | sed -n 's/^kosmos //p')"
[ -n "$version" ] || die "cannot read the version of $jar"

base="${KOSMOS_APP_BASE:-}"
if [ -z "$base" ]; then
    if docker image inspect debian:bookworm-slim >/dev/null 2>&1; then base=debian:bookworm-slim
    elif docker image inspect kosmos-base:bookworm >/dev/null 2>&1; then base=kosmos-base:bookworm
    else die "no Debian base image: run scripts/setup-sandbox.sh (it makes kosmos-base:bookworm) or docker pull debian:bookworm-slim"
    fi
fi

context="$(mktemp -d "${TMPDIR:-/tmp}/kosmos-app-image.XXXXXX")"
trap 'rm -rf "$context"' EXIT
# The modules the jar needs (jdeps --print-module-deps on it), and TLS and zip support that are
# loaded by name at run time.
modules=java.base,java.compiler,java.desktop,java.naming,java.rmi,java.security.jgss,java.sql,jdk.httpserver,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.zipfs
log "jlink: a Java runtime with $modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$context/runtime"
cp "$jar" "$context/kosmos.jar"
cp "$root/kosmos-cli/docker/Dockerfile" "$context/Dockerfile"

log "docker build kosmos:$version from $base"
docker build -q --build-arg "BASE_IMAGE=$base" --build-arg "KOSMOS_VERSION=$version" \
    -t "kosmos:$version" -t kosmos:latest "$context" >/dev/null
log "built kosmos:$version ($(docker image inspect -f '{{.Size}}' "kosmos:$version" | awk '{printf "%.0f MB", $1/1e6}'))"
echo "image: kosmos:$version"

[ "$smoke" = 1 ] || exit 0

fail() { die "smoke test of kosmos:$version: $*"; }
log "smoke test: kosmos --version"
out="$(docker run --rm --read-only --network none "kosmos:$version" --version)" || fail "--version failed"
printf '%s\n' "$out"
grep -q "^kosmos $version" <<<"$out" || fail "--version printed no 'kosmos $version'"

log "smoke test: kosmos doctor (no Docker engine inside: it must say so, with the fix)"
set +e
out="$(docker run --rm --read-only --tmpfs /tmp --network none "kosmos:$version" doctor 2>&1)"
code=$?
set -e
printf '%s\n' "$out"
[ "$code" = 1 ] || fail "doctor exited $code; expected 1 (no Docker engine reachable inside)"
grep -q "Kosmos doctor" <<<"$out" || fail "doctor printed no header"
grep -q "MISSING.*Docker engine" <<<"$out" || fail "doctor did not report the missing engine"
grep -q "DOCKER_HOST" <<<"$out" || fail "doctor did not say how to reach an engine (DOCKER_HOST)"

log "smoke test: user, Docker socket and client"
user="$(docker run --rm --entrypoint /usr/bin/id "kosmos:$version" -u)"
[ "$user" = 10001 ] || fail "runs as uid $user, not 10001"
if docker run --rm --entrypoint /bin/sh "kosmos:$version" -c \
    'test -e /var/run/docker.sock || command -v docker || command -v dockerd' >/dev/null 2>&1; then
    fail "a Docker socket or client is inside the image"
fi
log "smoke test: kosmos smoke in the image, on the host's engine given at run time"
# The sandbox bind-mounts its per-container directories and the data from the engine's file
# system, so the image's temporary directory is a host directory at the same path; the socket is
# lent for this run only (the image holds none), with its group so that uid 10001 may use it.
shared="$(mktemp -d "${TMPDIR:-/tmp}/kosmos-app-smoke.XXXXXX")"
trap 'rm -rf "$context"; rm -rf "$shared" 2>/dev/null || true' EXIT
chown 10001:10001 "$shared" 2>/dev/null || fail "cannot give $shared to uid 10001 (run as root)"
chmod 700 "$shared"
# --pid host: the sandbox reaches each kernel's sockets in its container's own tmpfs through
# /proc/<pid>/root and checks who serves them (docs/sandbox.md), so the JVM must see the host's
# processes; the sandbox containers run as the image's user (10001), whose processes it may read.
docker run --rm --read-only --network none --pid host \
    -v /var/run/docker.sock:/var/run/docker.sock --group-add "$(stat -c %g /var/run/docker.sock)" \
    -v "$shared:$shared" -e JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$shared" \
    "kosmos:$version" smoke --no-setup ${KOSMOS_SMOKE_ARGS:-} || fail "kosmos smoke failed in the image"
log "smoke test of kosmos:$version passed"
