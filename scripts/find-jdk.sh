#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer, or fails with what to do.
# Looks at $JAVA_HOME, then `java` on the PATH, then the usual install folders.
# Used by ./kosmos and .ci/run:  export JAVA_HOME="$(scripts/find-jdk.sh)"
set -euo pipefail

feature_version() { # $1 = a java executable; prints its feature version (17, 21, 25...)
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1
}

usable() { # $1 = a JDK home
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local v
  v=$(feature_version "$1/bin/java")
  [ -n "$v" ] && [ "$v" -ge 21 ]
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  java_bin=$(readlink -f "$(command -v java)")
  candidates+=("$(dirname "$(dirname "$java_bin")")")
fi
for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/opt/openjdk* \
  /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
  [ -d "$dir" ] && candidates+=("$dir")
done

for home in "${candidates[@]}"; do
  if usable "$home"; then
    echo "$home"
    exit 0
  fi
done

cat >&2 <<MSG
No JDK 21 or newer found (looked at JAVA_HOME, the java on the PATH, /usr/lib/jvm, /opt).
Install one, for example:
  Debian/Ubuntu:  apt-get install openjdk-21-jdk   (or Temurin from adoptium.net)
  macOS:          brew install openjdk@21
then run again, or point JAVA_HOME at it.
MSG
exit 1
