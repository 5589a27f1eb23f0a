#!/usr/bin/env bash
# Runs the README's ```bash examples, in order and in one shell, against a host started the README's way
# (./switchboard with SWITCHBOARD_ADMIN_PASSWORD) in a throwaway home and on a free port, and fails on the first
# example command that fails or answers an error. The blocks that start the host or run the whole build are skipped;
# event streams (curl -N) are cut after 3 s; the port replaces 8080. Needs the network only for the http example,
# whose DNS failure offline is accepted. Usage: itests/scripts/readme-examples.sh [port]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
port="${1:-18480}"
work="$(mktemp -d)"
home="$work/home"
password="readme-$(date +%s)"
trap 'kill "$(cat "$work/host.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT

cd "$repo"
(SWITCHBOARD_HOME="$home" SWITCHBOARD_PORT="$port" SWITCHBOARD_ADMIN_PASSWORD="$password" ./switchboard \
  > "$work/host.log" 2>&1 & echo $! > "$work/host.pid")
for _ in $(seq 1 180); do grep -q "Switchboard ready" "$work/host.log" 2>/dev/null && break; sleep 1; done
grep -q "Switchboard ready" "$work/host.log" || { cat "$work/host.log"; echo "the host did not start" >&2; exit 1; }

# the ```bash blocks, minus the ones that start the host or build everything
python3 - "$repo/README.md" "$work/examples.sh" "$port" "$password" "$home" <<'PY'
import re, sys
readme, out, port, password, home = sys.argv[1:]
blocks = re.findall(r"^```bash\n(.*?)^```", open(readme).read(), re.S | re.M)
# -e but not pipefail, like an interactive shell; the background receiver is stopped at the end
script = ["set -e", "trap 'kill $(jobs -p) 2>/dev/null' EXIT", "export SWITCHBOARD_HOME=%s" % home]
for b in blocks:
    if "./switchboard" in b and "terminal 1" in b or b.startswith("./switchboard"):
        continue
    b = b.replace("change-me-now", password).replace("8080", port).replace("curl -s -N", "curl -s -N --max-time 3")
    script.append("echo '>>> block'")
    for line in b.splitlines():
        script.append(line)
open(out, "w").write("\n".join(script) + "\n")
PY
# every curl answer is checked (also inside pipes and $(...)): no "error" object, except the offline http example's
# DNS failure, and no curl failure other than the 3 s cut of a stream
cat > "$work/curl" <<SH
#!/usr/bin/env bash
out="\$(/usr/bin/curl "\$@")"; status=\$?
printf '%s\\n' "\$out"
# (a poll that waits for a connector to appear sees 404 ConnectorNotFound until it does)
if [[ "\$out" == *'"error":'* && "\$out" != *"could not resolve host"* \
      && ! ( "\$out" == *'"ConnectorNotFound"'* && "\$*" == *"/api/connectors/greeter" ) ]]; then
  echo "error answer: \$out, from curl \$*" >> "$work/failures"
fi
[[ \$status == 0 || \$status == 28 ]] || echo "curl failed (\$status): curl \$*" >> "$work/failures"
[[ \$status == 28 ]] && exit 0; exit \$status
SH
chmod +x "$work/curl"
touch "$work/failures"
(cd "$repo" && PATH="$work:$PATH" timeout 300 bash "$work/examples.sh") || echo "the examples stopped with status $?" >> "$work/failures"
if [[ -s "$work/failures" ]]; then
  echo "README examples FAILED:" >&2; cat "$work/failures" >&2; exit 1
fi
echo "README examples: all ran"
