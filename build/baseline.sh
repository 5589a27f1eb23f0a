#!/usr/bin/env bash
# Makes the release jar that bnd-baseline compares a module with available in the local Maven repository.
#
# Nothing of Switchboard is published to a Maven repository, so the release is rebuilt from its commit: the first time
# a module's release jar is missing, this exports the release commit with `git archive` into
# <root>/target/baseline-<version>/src, sets the release version in that copy's poms and runs a nested
# `mvn install` (no tests, no checks) of every module that declares bnd-baseline-maven-plugin today and existed then,
# with -am. Every later build finds the jars and returns at once. Run by the root pom's `baseline-prepare` execution.
#
# usage: baseline.sh ROOT LOCAL_REPO GROUP_ID ARTIFACT_ID MODULE_DIR VERSION COMMIT MAVEN_HOME NOT_COMPARED_FILE
# Exit 0 with the jar in place, or exit 0 after writing NOT_COMPARED_FILE (one line: why the release cannot be had
# here; the pom then baselines with failOnMissing=false). Anything else: the nested build failed; its log is shown.
set -euo pipefail

root="$1" repo="$2" group="$3" artifact="$4" module="$5" version="$6" commit="$7" maven_home="$8" not_compared="$9"

jar_of() { printf '%s/%s/%s/%s/%s-%s.jar' "$repo" "${group//.//}" "$1" "$version" "$1" "$version"; }
skip() {
  mkdir -p "$(dirname "$not_compared")"
  echo "baseline: $artifact is not compared with release $version: $1" | tee "$not_compared"
  exit 0
}

rm -f "$not_compared"
[[ -f "$(jar_of "$artifact")" ]] && exit 0

command -v git >/dev/null 2>&1 || skip "git is not installed"
git -C "$root" rev-parse --git-dir >/dev/null 2>&1 || skip "$root is not a git checkout (a source archive?)"
git -C "$root" cat-file -e "$commit^{commit}" 2>/dev/null \
  || skip "commit $commit is not in this clone's history (a shallow clone? git fetch --unshallow)"
root="$(cd "$root" && pwd -P)"
rel="$(cd "$module" && pwd -P)"
rel="${rel#"$root"/}"
git -C "$root" cat-file -e "$commit:$rel/pom.xml" 2>/dev/null || skip "$rel did not exist in it"
if tagged="$(git -C "$root" rev-parse -q --verify "refs/tags/v$version^{commit}")" && [[ "$tagged" != "$commit"* ]]; then
  echo "baseline: warning: tag v$version is $tagged but the root pom's switchboard.baseline.commit is $commit: using the commit"
fi

work="$root/target/baseline-$version"
mkdir -p "$root/target"
# one nested build at a time (mvn -T, or two builds of the same checkout): the second one finds the jars
exec 9>"$root/target/baseline-$version.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
[[ -f "$(jar_of "$artifact")" ]] && exit 0

# what to rebuild: the modules this tree baselines that existed in the release
modules=()
while IFS= read -r pom; do
  dir="$(dirname "$pom")"
  [[ "$dir" == . ]] && continue
  if git -C "$root" cat-file -e "$commit:$pom" 2>/dev/null; then modules+=("$dir"); fi
done < <(cd "$root" && git ls-files '*pom.xml' | xargs grep -l '<artifactId>bnd-baseline-maven-plugin</artifactId>' --)
list="$(IFS=,; echo "${modules[*]}")"

# offline when the outer build is (bin/mvn exports its arguments), so that an offline CI stays offline
offline=()
for arg in ${MAVEN_CMD_LINE_ARGS:-}; do
  if [[ "$arg" == -o || "$arg" == --offline ]]; then offline=(-o); fi
done

started=$SECONDS
rm -rf "$work"
mkdir -p "$work/src"
git -C "$root" archive "$commit" | tar -x -C "$work/src"
snapshot="$(sed -n 's|^  <version>\([^<]*\)</version>.*|\1|p' "$work/src/pom.xml" | head -n 1)"
while IFS= read -r pom; do
  sed "s|<version>$snapshot</version>|<version>$version</version>|" "$pom" >"$pom.release" && mv "$pom.release" "$pom"
done < <(find "$work/src" -name pom.xml)

echo "baseline: building release $version (commit ${commit:0:12}, $snapshot there) of $list into $repo"
if ! (cd "$work/src" && "$maven_home/bin/mvn" -B -ntp ${offline[@]+"${offline[@]}"} -Dmaven.repo.local="$repo" \
  -pl "$list" -am install -DskipTests -DskipITs -Darchetype.test.skip=true -Dspotless.skip=true -Dspotbugs.skip=true \
  -Dmaven.javadoc.skip=true -Dbnd.baseline.skip=true -Dswitchboard.baseline.skip=true) >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log"
  echo "baseline: the nested build of release $version failed (full log: $work/build.log)"
  exit 1
fi
[[ -f "$(jar_of "$artifact")" ]] || { echo "baseline: the nested build did not install $(jar_of "$artifact")"; exit 1; }
echo "baseline: release $version installed in $((SECONDS - started)) s (log: $work/build.log)"
