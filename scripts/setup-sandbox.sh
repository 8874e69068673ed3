#!/usr/bin/env bash
# setup-sandbox.sh - make this machine ready to run the Kosmos executor sandbox.
#
#   scripts/setup-sandbox.sh               ensure a Docker engine, build the image if missing
#   scripts/setup-sandbox.sh --check       exit 0 if engine reachable and image present, else 1
#                                          (names what is missing; changes nothing)
#   scripts/setup-sandbox.sh --print-tag   print only the image tag (kosmos-executor:<hash>)
#   scripts/setup-sandbox.sh --rebuild     rebuild the executor image (docker build --no-cache)
#   scripts/setup-sandbox.sh --base auto|local|registry
#                                          where the debian:bookworm base comes from:
#                                            registry  docker pull debian:bookworm-slim
#                                            local     debootstrap + docker import -> kosmos-base:bookworm
#                                            auto      (default) an existing local base image, else a
#                                                      pull limited to $KOSMOS_PULL_TIMEOUT s (20),
#                                                      else local
#   scripts/setup-sandbox.sh --registry    same as --base registry
#
# Progress goes to stderr. On success the last line on stdout is
#   image: kosmos-executor:<hash>
# and the image is also tagged kosmos-executor:latest.
#
# ---------------------------------------------------------------------------
# IMAGE TAG ALGORITHM (mirrored by the Java code; keep both in sync)
#   dir   = <repo root>/kosmos-sandbox/docker
#   files = every regular file below dir, recursively (dot files included,
#           symlinks and directories not), as paths relative to dir with '/'
#           separators and no leading "./" (e.g. "Dockerfile", "README.md")
#   sort  files by the unsigned bytes of their UTF-8 path (LC_ALL=C sort order)
#   text  = concatenation over the sorted files of
#             <relative path> "\n" <lowercase sha256 hex of the file's bytes> "\n"
#   hash  = first 12 characters of the lowercase sha256 hex of text (UTF-8)
#   tag   = "kosmos-executor:" + hash
# File modes, timestamps and the base image do not enter the hash.
# ---------------------------------------------------------------------------
#
# Engine bootstrap (only when `docker info` fails): on Debian/Ubuntu as root the
# script apt-get installs docker.io (iptables comes with it) and starts
#   setsid nohup dockerd >> /var/log/dockerd-kosmos.log
# in the background (a separate session, so it survives the caller), then waits
# up to $KOSMOS_DOCKERD_TIMEOUT s (60) for `docker info`. If dockerd dies on
# iptables errors (nf_tables not usable in some VMs/containers), it switches the
# iptables/ip6tables alternatives to iptables-legacy and tries once more; the
# default bridge network and user-defined (also --internal) networks need
# working iptables. Anywhere else it prints what to do and exits non-zero.
#
# Environment: KOSMOS_DEBIAN_MIRROR (http://deb.debian.org/debian),
# KOSMOS_DEBIAN_SECURITY_MIRROR (http://deb.debian.org/debian-security),
# KOSMOS_PULL_TIMEOUT (20), KOSMOS_DOCKERD_TIMEOUT (60),
# KOSMOS_DOCKERD_LOG (/var/log/dockerd-kosmos.log).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd -P)"
DOCKER_DIR="$REPO_ROOT/kosmos-sandbox/docker"

IMAGE_REPO="kosmos-executor"
LOCAL_BASE="kosmos-base:bookworm"
REGISTRY_BASE="debian:bookworm-slim"
MIRROR="${KOSMOS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${KOSMOS_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
PULL_TIMEOUT="${KOSMOS_PULL_TIMEOUT:-20}"
DOCKERD_TIMEOUT="${KOSMOS_DOCKERD_TIMEOUT:-60}"
DOCKERD_LOG="${KOSMOS_DOCKERD_LOG:-/var/log/dockerd-kosmos.log}"
SELF="scripts/setup-sandbox.sh"

START_TS=$(date +%s)
log() { printf '[setup-sandbox] %s\n' "$*" >&2; }
die() { printf '[setup-sandbox] ERROR: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# ---------------------------------------------------------------- arguments
ACTION=setup
BASE_MODE=auto
REBUILD=0
while [ $# -gt 0 ]; do
    case "$1" in
        --check) ACTION=check ;;
        --print-tag) ACTION=print-tag ;;
        --rebuild) REBUILD=1 ;;
        --registry) BASE_MODE=registry ;;
        --base) [ $# -ge 2 ] || die "--base needs auto|local|registry"; BASE_MODE="$2"; shift ;;
        --base=*) BASE_MODE="${1#--base=}" ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done
case "$BASE_MODE" in auto|local|registry) ;; *) die "--base must be auto, local or registry (got '$BASE_MODE')" ;; esac

# ---------------------------------------------------------------- image tag
sha256_hex() {  # stdin -> lowercase hex digest
    if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -d' ' -f1
    else shasum -a 256 | cut -d' ' -f1; fi
}

compute_hash() {
    [ -f "$DOCKER_DIR/Dockerfile" ] || die "no Dockerfile at $DOCKER_DIR"
    (
        cd "$DOCKER_DIR"
        find . -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
            rel="${f#./}"
            printf '%s\n%s\n' "$rel" "$(sha256_hex < "$f")"
        done
    ) | sha256_hex | cut -c1-12
}

HASH="$(compute_hash)"
TAG="$IMAGE_REPO:$HASH"

if [ "$ACTION" = print-tag ]; then
    printf '%s\n' "$TAG"
    exit 0
fi

# ---------------------------------------------------------------- helpers
have() { command -v "$1" >/dev/null 2>&1; }
engine_ok() { have docker && docker info >/dev/null 2>&1; }
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
is_debian_like() { have apt-get && have dpkg; }

manual_engine_help() {
    cat >&2 <<EOF
[setup-sandbox] No reachable Docker engine and this script can only install one
[setup-sandbox] automatically on Debian/Ubuntu when run as root. Do one of:
[setup-sandbox]   - Debian/Ubuntu:  sudo $REPO_ROOT/$SELF
[setup-sandbox]   - Linux, other:   install Docker Engine (docs.docker.com/engine/install), start it
[setup-sandbox]                     (sudo systemctl start docker), make /var/run/docker.sock usable
[setup-sandbox]                     by you (sudo usermod -aG docker \$USER, then log in again)
[setup-sandbox]   - macOS/Windows:  start Docker Desktop (or colima/podman with a docker socket)
[setup-sandbox]                     and set DOCKER_HOST if the socket is not the default
[setup-sandbox] then run $SELF again.
EOF
}

apt_install() {  # apt_install pkg... (only missing ones)
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    local aptlog
    aptlog="$(mktemp "${TMPDIR:-/tmp}/kosmos-apt.XXXXXX")"
    if ! { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } > "$aptlog" 2>&1; then
        tail -n 30 "$aptlog" >&2
        die "apt-get install ${missing[*]} failed (full log: $aptlog)"
    fi
    rm -f "$aptlog"
}

wait_for_engine() {  # wait_for_engine pid -> 0 when docker info works, 1 if dockerd died/timeout
    local pid="$1" i
    for ((i = 0; i < DOCKERD_TIMEOUT * 2; i++)); do
        engine_ok && return 0
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
        sleep 0.5
    done
    return 1
}

dockerd_running_pid() {  # prints the pid of a running dockerd, if any
    local pid
    if [ -r /var/run/docker.pid ]; then
        pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
           && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
            echo "$pid"; return 0
        fi
    fi
    return 1
}

start_dockerd() {  # starts dockerd detached, prints its pid
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    printf '\n==== %s: started by %s ====\n' "$(date -u +%FT%TZ)" "$SELF" >> "$DOCKERD_LOG"
    # 9>&-: the daemon must not inherit (and hold forever) the setup lock.
    setsid nohup dockerd >> "$DOCKERD_LOG" 2>&1 < /dev/null 9>&- &
    echo $!
}

switch_to_iptables_legacy() {
    have update-alternatives && [ -x /usr/sbin/iptables-legacy ] || return 1
    log "dockerd failed on iptables; switching iptables/ip6tables to the iptables-legacy alternative"
    update-alternatives --set iptables /usr/sbin/iptables-legacy >&2 || return 1
    if [ -x /usr/sbin/ip6tables-legacy ]; then
        update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >&2 || true
    fi
    return 0
}

ensure_engine() {
    if engine_ok; then
        log "Docker engine reachable ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
        return 0
    fi
    if have docker && [ -S /var/run/docker.sock ] && ! is_root && [ -z "${DOCKER_HOST:-}" ]; then
        log "/var/run/docker.sock exists but 'docker info' fails for $(id -un): probably no permission"
        manual_engine_help; exit 1
    fi
    if ! is_root || ! is_debian_like; then
        manual_engine_help; exit 1
    fi
    have dockerd || apt_install docker.io
    apt_install iptables
    have dockerd || die "dockerd not found after installing docker.io"

    local pid
    if pid="$(dockerd_running_pid)"; then
        log "dockerd already running (pid $pid); waiting for it"
    else
        log "starting dockerd in the background (log: $DOCKERD_LOG)"
        pid="$(start_dockerd)"
    fi
    if wait_for_engine "$pid"; then
        log "Docker engine up ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
        return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null && tail -n 50 "$DOCKERD_LOG" | grep -qi 'iptables'; then
        if switch_to_iptables_legacy; then
            pid="$(start_dockerd)"
            if wait_for_engine "$pid"; then
                log "Docker engine up with iptables-legacy"
                return 0
            fi
        fi
    fi
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    die "Docker engine did not become reachable within ${DOCKERD_TIMEOUT}s (see $DOCKERD_LOG)"
}

# ------------------------------------------------------------ base image
WORK_DIRS=()
cleanup() {
    local d m
    for d in "${WORK_DIRS[@]+"${WORK_DIRS[@]}"}"; do
        [ -d "$d" ] || continue
        # debootstrap mounts proc/sys inside the target; never rm through a mount.
        for m in $(awk -v d="$d" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
            umount -l "$m" 2>/dev/null || true
        done
        rm -rf --one-file-system "$d" 2>/dev/null || true
    done
}
trap cleanup EXIT

build_local_base() {
    is_root || die "building $LOCAL_BASE with debootstrap needs root (or use --base registry)"
    is_debian_like || die "building $LOCAL_BASE needs debootstrap on a Debian/Ubuntu host (or use --base registry)"
    apt_install debootstrap debian-archive-keyring
    local dir
    dir="$(mktemp -d /var/tmp/kosmos-base.XXXXXX)"
    WORK_DIRS+=("$dir")
    log "debootstrap --variant=minbase bookworm from $MIRROR (a few minutes)"
    debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
        bookworm "$dir/rootfs" "$MIRROR" > "$dir/debootstrap.log" 2>&1 \
        || { tail -n 30 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
    local r="$dir/rootfs"
    cat > "$r/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $SECURITY_MIRROR bookworm-security main
EOF
    # Same container tweaks as the official debian images.
    printf '#!/bin/sh\nexit 101\n' > "$r/usr/sbin/policy-rc.d"; chmod 0755 "$r/usr/sbin/policy-rc.d"
    echo 'force-unsafe-io' > "$r/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
    echo 'Acquire::Languages "none";' > "$r/etc/apt/apt.conf.d/docker-no-languages"
    printf 'APT::AutoRemove::SuggestsImportant "false";\n' > "$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
    rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin \
           "$r"/var/log/*.log "$r"/var/log/apt/* "$r"/tmp/* "$r"/var/tmp/*
    : > "$r/etc/machine-id"; : > "$r/etc/resolv.conf"; : > "$r/etc/hostname"
    log "docker import -> $LOCAL_BASE"
    tar --numeric-owner --xattrs -C "$r" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . \
        | docker import \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'CMD ["bash"]' \
            --message "debootstrap --variant=minbase bookworm ($SELF)" \
            - "$LOCAL_BASE" >/dev/null \
        || die "docker import failed"
}

pull_registry_base() {  # pull_registry_base timeout_seconds
    log "docker pull $REGISTRY_BASE (timeout ${1}s)"
    timeout "$1" docker pull -q "$REGISTRY_BASE" >/dev/null 2>&1
}

BASE=""
resolve_base() {  # sets BASE to the image to use as BASE_IMAGE
    case "$BASE_MODE" in
        registry)
            image_exists "$REGISTRY_BASE" || pull_registry_base 600 \
                || die "cannot pull $REGISTRY_BASE (no registry? use --base local)"
            BASE="$REGISTRY_BASE" ;;
        local)
            image_exists "$LOCAL_BASE" || build_local_base
            BASE="$LOCAL_BASE" ;;
        auto)
            if image_exists "$REGISTRY_BASE"; then BASE="$REGISTRY_BASE"
            elif image_exists "$LOCAL_BASE"; then BASE="$LOCAL_BASE"
            elif pull_registry_base "$PULL_TIMEOUT"; then BASE="$REGISTRY_BASE"
            else
                log "no registry reachable; building the base image locally"
                build_local_base
                BASE="$LOCAL_BASE"
            fi ;;
    esac
    log "base image: $BASE"
}

# ------------------------------------------------------------ executor image
build_image() {
    resolve_base
    log "building $TAG from base $BASE (docker build; apt inside the build, ~5-10 min the first time)"
    local nocache=()
    [ "$REBUILD" = 1 ] && nocache=(--no-cache)
    docker build "${nocache[@]+"${nocache[@]}"}" \
        --build-arg "BASE_IMAGE=$BASE" \
        --build-arg "KOSMOS_IMAGE=$TAG" \
        --label "org.opencontainers.image.version=$HASH" \
        --label "io.kosmos.image.hash=$HASH" \
        -t "$TAG" -t "$IMAGE_REPO:latest" \
        "$DOCKER_DIR" >&2 \
        || die "docker build failed"
}

ensure_latest_tag() {
    local id_tag id_latest
    id_tag="$(docker image inspect -f '{{.Id}}' "$TAG")"
    id_latest="$(docker image inspect -f '{{.Id}}' "$IMAGE_REPO:latest" 2>/dev/null || true)"
    if [ "$id_tag" != "$id_latest" ]; then
        log "tagging $IMAGE_REPO:latest -> $TAG"
        docker tag "$TAG" "$IMAGE_REPO:latest"
    fi
}

# ------------------------------------------------------------ --check
if [ "$ACTION" = check ]; then
    if ! engine_ok; then
        log "missing: a reachable Docker engine ('docker info' fails)"
        log "fix:     sudo $REPO_ROOT/$SELF"
        exit 1
    fi
    if ! image_exists "$TAG"; then
        log "missing: image $TAG (the Dockerfile or a file beside it changed, or never built)"
        log "fix:     $REPO_ROOT/$SELF"
        exit 1
    fi
    log "ok: engine reachable, image $TAG present"
    printf 'image: %s\n' "$TAG"
    exit 0
fi

# ------------------------------------------------------------ setup
# Serialize concurrent runs (e.g. parallel test JVMs) when flock is available.
if have flock; then
    LOCK_FILE="${TMPDIR:-/tmp}/kosmos-setup-sandbox.lock"
    exec 9> "$LOCK_FILE"
    if ! flock -n 9; then
        log "another setup-sandbox.sh run holds $LOCK_FILE; waiting (up to 30 min)"
        flock -w 1800 9 || die "timed out waiting for $LOCK_FILE"
    fi
fi

ensure_engine
if [ "$REBUILD" = 1 ] || ! image_exists "$TAG"; then
    build_image
    log "built $TAG in $(( $(date +%s) - START_TS ))s total"
else
    log "image $TAG already present"
fi
ensure_latest_tag
log "done in $(( $(date +%s) - START_TS ))s"
printf 'image: %s\n' "$TAG"
