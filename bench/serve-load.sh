#!/usr/bin/env bash
# Load test for `dossier serve`: 10,000 requests at concurrency 50 against
# loopback, twice, with the server's memory measured before, between and
# after. Passes when every request got a 200 and memory did not keep
# growing. Not part of `cargo test`: it measures, and timings do not
# belong in tests.
#
#   bench/serve-load.sh            (needs wrk: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
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
echo "server pid $pid at $url; $(echo "$paths" | wc -w) paths; RSS before: ${before} KiB, threads: $(threads)"
for round in 1 2; do
  out=$(wrk -t2 -c50 -d60s --timeout 10s -s bench/serve-load.lua "$url" 2>&1)
  echo "--- round $round (2 threads x 5,000 requests, 50 connections)"
  echo "$out" | grep -E "requests in|Requests/sec|Latency|Non-2xx|Socket errors" || true
  if echo "$out" | grep -qE "Non-2xx|Socket errors"; then failed=1; fi
  eval "after_$round=$(rss)"
  echo "RSS after round $round: $(rss) KiB, threads: $(threads)"
done
kill -0 "$pid" || { echo "server died"; exit 1; }
growth=$((after_2 - after_1))
echo "RSS growth from round 1 to round 2: ${growth} KiB"
if [ "$failed" -ne 0 ]; then echo "FAIL: some requests failed"; exit 1; fi
# A little noise is allocator behaviour; steady growth would be a leak.
if [ "$growth" -gt 4096 ]; then echo "FAIL: memory grew by ${growth} KiB"; exit 1; fi
echo "ok"
