#!/usr/bin/env bash
# Full-build benchmark: dossier against Hugo on the same generated articles.
#
#   bench/run.sh [SIZES...]        default: 1000 5000 20000
#
# For each size it generates the articles (examples/corpus.rs, fixed seed),
# times a clean `dossier build` (release) and a clean `hugo` build of the
# same text with hyperfine, measures peak memory with /usr/bin/time -v, and
# prints one table: wall time, ms per article, peak RSS and the
# dossier/hugo ratio. Needs hyperfine and hugo (apt-get install -y
# hyperfine hugo). Timings belong here and in the notes, never in tests.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000 20000)
for tool in hyperfine hugo /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y hyperfine hugo time" >&2; exit 2; }
done
cargo build --release --quiet --bin dossier --example corpus
bin=$PWD/target/release/dossier
gen=$PWD/target/release/examples/corpus
work=${BENCH_DIR:-$PWD/target/bench}
mkdir -p "$work"

peak_kb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
mean_s() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['mean'])" "$1"; }

rows=()
for n in "${sizes[@]}"; do
  dir="$work/$n"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$gen" "$n" "$dir" >/dev/null
    touch "$dir/.complete"
  fi
  runs=$(( n >= 10000 ? 3 : 5 ))
  hyperfine --warmup 1 --runs "$runs" --export-json "$dir/dossier.json" \
    --prepare "rm -rf $dir/dossier/public" \
    "$bin build --root $dir/dossier" >&2
  hyperfine --warmup 1 --runs "$runs" --export-json "$dir/hugo.json" \
    --prepare "rm -rf $dir/hugo/public" \
    "hugo --quiet --source $dir/hugo" >&2
  rm -rf "$dir/dossier/public" "$dir/hugo/public"
  d_rss=$(peak_kb "$bin" build --root "$dir/dossier")
  h_rss=$(peak_kb hugo --quiet --source "$dir/hugo")
  d=$(mean_s "$dir/dossier.json"); h=$(mean_s "$dir/hugo.json")
  rows+=("$(python3 -c "
n=$n; d=$d; h=$h; drss=$d_rss; hrss=$h_rss
print(f'| {n:>6} | {d:8.2f} s | {d*1000/n:6.2f} | {drss/1024:7.0f} MB | {h:7.2f} s | {h*1000/n:6.2f} | {hrss/1024:6.0f} MB | {d/h:5.2f} |')
")")
done
echo
echo "| articles | dossier | ms/article | peak RSS | hugo | ms/article | peak RSS | dossier/hugo |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
nproc | xargs -I{} echo "($(uname -m), {} cores; dossier $(git rev-parse --short HEAD), $(hugo version | cut -d' ' -f2))"
