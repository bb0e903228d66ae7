#!/usr/bin/env bash
# Proves the README's first command as a new user meets it: a fresh clone of the commit under test and a local
# Maven repository that holds no io.bpfskel artifact (seeded from the real one without io/bpfskel, so nothing
# else has to be downloaded). Then builds and runs the "your own project" of docs/getting-started.md, taken from
# the doc's own code blocks, against that same repository. Run by .ci/run after the tests; needs root.
#
#   scripts/check-fresh-clone.sh [COMMIT]      COMMIT defaults to HEAD
#   BPFSKEL_M2=DIR                             the local repository to seed from (default ~/.m2/repository)
#
# A README command that works only on a warm machine (an artifact some earlier build installed) fails here.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
commit=${1:-HEAD}
seed=${BPFSKEL_M2:-$HOME/.m2/repository}

work=$(mktemp -d /tmp/bpfskel-fresh.XXXXXX)
trap 'rm -rf "$work"' EXIT
say() { printf 'check-fresh-clone: %s\n' "$*"; }
fail() { printf 'check-fresh-clone: FAILED: %s\n' "$*" >&2; exit 1; }

say "cloning $(git -C "$top" rev-parse --short "$commit") into $work/bpfskel"
git clone -q --no-local "$top" "$work/bpfskel"
git -C "$work/bpfskel" checkout -q "$(git -C "$top" rev-parse "$commit")"

mkdir -p "$work/m2"
if [ -d "$seed" ]; then
  say "seeding a throwaway local Maven repository from $seed, without io/bpfskel"
  cp -a "$seed" "$work/m2/repository"
else
  say "no $seed to seed from: Maven downloads everything"
  mkdir -p "$work/m2/repository"
fi
rm -rf "$work/m2/repository/io/bpfskel"
export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Dmaven.repo.local=$work/m2/repository"

# 1. The README's first command, exactly as documented.
say "running scripts/run-example.sh in the fresh clone"
if ! (cd "$work/bpfskel" && bash scripts/run-example.sh) >"$work/example.out" 2>&1; then
  cat "$work/example.out" >&2
  fail "scripts/run-example.sh exited non-zero in a fresh clone with no io.bpfskel artifact in the local repository"
fi
cat "$work/example.out"
grep -qx 'loader and program agree' "$work/example.out" \
  || fail "the flavors example did not print its closing line 'loader and program agree'"
say "the README's first command works from a fresh clone"

# 2. docs/getting-started.md section 2, "your own project", from the blocks marked <!-- file: PATH -->.
proj="$work/hello"
awk -v dir="$proj" '
  /^<!-- file: / { path = $3; want = 1; next }
  want && /^```/ { if (!inside) { inside = 1; file = dir "/" path; system("mkdir -p \"$(dirname \"" file "\")\""); printf "" > file; next }
                   inside = 0; want = 0; close(file); next }
  inside { print >> file }
' "$work/bpfskel/docs/getting-started.md"
for f in pom.xml src/main/bpf/hello.bpf.c src/main/java/demo/Hello.java; do
  [ -s "$proj/$f" ] || fail "docs/getting-started.md has no code block marked <!-- file: $f -->"
done
say "building and running the getting-started project (5 s) while this script runs execve()s"
( for _ in $(seq 1 60); do /bin/true; sleep 0.1; done ) &
execs=$!
if ! (cd "$proj" && mvn -q -B compile exec:java) >"$work/hello.out" 2>&1; then
  wait "$execs" || true
  cat "$work/hello.out" >&2
  fail "the getting-started project did not build or run against the repository run-example.sh filled"
fi
wait "$execs" || true
cat "$work/hello.out"
last=$(grep -E '^5 s: [0-9]+ execve\(\) calls by uid 0$' "$work/hello.out" | grep -oE '^5 s: [0-9]+' | grep -oE '[0-9]+$' || true)
[ -n "$last" ] || fail "the getting-started project did not print its fifth line '5 s: N execve() calls by uid 0'"
[ "$last" -gt 0 ] || fail "the getting-started project counted no execve() although this script ran 60"
[ -f "$proj/target/generated-sources/annotations/demo/HelloSkel.java" ] \
  || fail "the annotation processor did not generate demo.HelloSkel"
say "the getting-started project works against the same repository ($last execve() calls counted)"
