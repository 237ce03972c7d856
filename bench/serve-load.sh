#!/usr/bin/env bash
# Load test for `dossier serve`: 10,000 requests at concurrency 50 against
# loopback, three times, with the server's memory measured before, between and
# after. Passes when every request got a 200 and memory did not keep
# growing. Not part of `cargo test`: it measures, and timings do not
# belong in tests.
#
#   bench/serve-load.sh
#
# Uses oha (`cargo install oha`), which sends an exact number of requests,
# when it is installed, else wrk (`apt-get install -y wrk`), whose Lua
# script stops each thread after its share.
set -euo pipefail
cd "$(dirname "$0")/.."

PATH="$PATH:$HOME/.cargo/bin"
if command -v oha >/dev/null; then tool=oha
elif command -v wrk >/dev/null; then tool=wrk
else echo "needs oha (cargo install oha) or wrk (apt-get install -y wrk)" >&2; exit 2; fi
cargo build --release --quiet
bin=target/release/dossier

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r content "$work/content"
port=$((20000 + RANDOM % 20000))
"$bin" serve --root "$work" --port "$port" > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "serving" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1)
[ -n "$url" ] || { cat "$work/serve.log"; exit 1; }

# Every page and asset of the site, as paths.
paths=$(cd "$work/public" && find . -type f | sort | sed 's|^\.||' | tr '\n' ' ')
export PATHS="$paths"
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
threads() { awk '/Threads/ {print $2}' "/proc/$pid/status"; }

export REQUESTS_PER_THREAD=5000
failed=0
before=$(rss)
echo "server pid $pid at $url; $(echo "$paths" | wc -w) paths; load from $tool"
echo "RSS before: ${before} KiB, threads: $(threads)"
for round in 1 2 3; do
  echo "--- round $round: 10,000 requests, 50 connections"
  if [ "$tool" = oha ]; then
    # oha takes one URL per line and picks among them at random.
    for p in $paths; do echo "${url%/}$p"; done > "$work/urls.txt"
    out=$(oha --no-tui -n 10000 -c 50 -t 10s --urls-from-file "$work/urls.txt" 2>&1)
    echo "$out" | grep -E "Success rate|Total:|Requests/sec|Average:|Slowest:|^ *\[[0-9]{3}\] [0-9]+ responses|Error distribution" || true
    # Any status but 200 ("  [404] 3 responses"), or any connection error, fails.
    if echo "$out" | grep -E "^ *\[[0-9]{3}\] [0-9]+ responses" | grep -qv "\[200\]"; then failed=1; fi
    if echo "$out" | grep -q "Error distribution"; then failed=1; fi
    echo "$out" | grep -qE "Success rate:[[:space:]]+100.00%" || failed=1
  else
    out=$(wrk -t2 -c50 -d60s --timeout 10s -s bench/serve-load.lua "$url" 2>&1)
    echo "$out" | grep -E "requests in|Latency|Non-2xx|Socket errors" || true
    if echo "$out" | grep -qE "Non-2xx|Socket errors"; then failed=1; fi
  fi
  eval "after_$round=$(rss)"
  echo "RSS after round $round: $(rss) KiB, threads: $(threads)"
done
kill -0 "$pid" || { echo "server died"; exit 1; }
# Round 1 warms up (the HTTP library keeps a thread per open connection,
# up to the 50 used); after it, memory must stay flat.
growth=$((after_3 - after_2))
echo "RSS growth from round 2 to round 3: ${growth} KiB"
if [ "$failed" -ne 0 ]; then echo "FAIL: some requests failed"; exit 1; fi
# A little noise is allocator behaviour; steady growth would be a leak.
if [ "$growth" -gt 4096 ]; then echo "FAIL: memory grew by ${growth} KiB"; exit 1; fi
echo "ok"
