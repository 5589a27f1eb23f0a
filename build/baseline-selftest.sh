#!/usr/bin/env bash
# Proves that bnd-baseline really compares connector-api with release 1.0.0: three throw-away edits, each built in a
# copy of the module under target/baseline-selftest (the sources are never touched), with the expected outcome.
#   1. a public method removed, package version unchanged  -> the build fails: MAJOR change, suggested 2.0.0
#   2. a public method added, package version unchanged    -> the build fails: MINOR change, suggested 1.6.0
#   3. the same method added and the package at 1.6.0      -> the build passes
# Run from anywhere: build/baseline-selftest.sh [extra mvn arguments, e.g. -o]. 1-4 min; not part of mvn verify.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd -P)"
api=bundles/connector-api
src=src/main/java/dev/switchboard/connector/api
work="$root/target/baseline-selftest"
failures=0

run_case() { # name, expected (pass|fail), grep pattern expected in the output, edit command (run in the copy)
  local name="$1" expected="$2" pattern="$3" edit="$4" copy="$work/$1" status=0
  rm -rf "$copy"
  mkdir -p "$copy/bundles"
  cp "$root/pom.xml" "$copy/"
  cp -R "$root/build" "$copy/"
  (cd "$root" && tar -cf - --exclude=target "$api") | tar -xf - -C "$copy"
  (cd "$copy/$api" && eval "$edit")
  # MAVEN_BASEDIR: bin/mvn would take the module's folder for the project root (maven.multiModuleProjectDirectory)
  (cd "$copy" && MAVEN_BASEDIR="$copy" mvn -B "${@:5}" verify -f "$api/pom.xml" -DskipTests -Dspotbugs.skip=true -Dspotless.check.skip=true \
    -Dmaven.javadoc.skip=true >"$copy/build.log" 2>&1) || status=$?
  local outcome=pass
  [[ $status -ne 0 ]] && outcome=fail
  if [[ "$outcome" == "$expected" ]] && grep -qE "$pattern" "$copy/build.log"; then
    echo "ok   $name: build ${outcome}ed as expected ($(grep -m1 -oE "$pattern" "$copy/build.log"))"
  else
    echo "FAIL $name: expected the build to $expected with /$pattern/, it ${outcome}ed; log: $copy/build.log"
    failures=$((failures + 1))
  fi
}

# the release jar first (built from its commit when missing), so the copies below have something to compare with
(cd "$root" && mvn -B -q "$@" verify -pl "$api" -DskipTests -Dspotbugs.skip=true -Dspotless.check.skip=true \
  -Dmaven.javadoc.skip=true >/dev/null)

run_case removed-method fail 'REMOVED +METHOD +isEmpty\(\)' \
  "perl -0pi -e 's/    public boolean isEmpty\(\) \{\n        return values.isEmpty\(\);\n    \}\n\n//' $src/ConnectionParameters.java" "$@"
add='perl -0pi -e '"'"'s/(public final class ConnectionParameters \{\n)/$1    public int size() {\n        return values.size();\n    }\n\n/'"'"' '"$src"'/ConnectionParameters.java'
run_case added-method fail 'ADDED +METHOD +size\(\)' "$add" "$@"
run_case added-method-minor-bump pass 'Baseline check succeeded' \
  "$add && perl -pi -e 's/\@Version\(\"1\.5\.0\"\)/\@Version(\"1.6.0\")/' $src/package-info.java" "$@"

[[ $failures -eq 0 ]] && echo "baseline self-test: all 3 cases as expected" || { echo "baseline self-test: $failures failed"; exit 1; }
