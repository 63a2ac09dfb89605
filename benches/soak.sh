#!/usr/bin/env bash
# Soak test (RELIABILITY.md): mixed HTTP load on loopback with wrk for SOAK_SECONDS while the
# index is rebuilt every REBUILD_EVERY seconds (`trouvaille index --rebuild`, which the server
# picks up live). The server's RSS, open file descriptors and threads are sampled every
# SAMPLE_EVERY seconds. It fails when a request failed or when file descriptors grew.
#
#   bash benches/soak.sh                          # 10 minutes on frdocs (../shared/bench)
#   SOAK_SECONDS=60 REBUILD_EVERY=15 bash benches/soak.sh
#
# Environment:
#   TROUVAILLE_SOAK_DIR   work directory (default /tmp/trouvaille-soak): soak.tsv (samples),
#                         rebuilds.tsv, wrk.txt, summary.md
#   TROUVAILLE_BENCH      benchmark data (default ../shared/bench); without it, the bundled
#                         corpus/ and a few queries of its own
#   SOAK_SECONDS (600), REBUILD_EVERY (60), SAMPLE_EVERY (5), SOAK_CONNECTIONS (16)
#   NO_BUILD=1            use target/release/trouvaille as it is
set -euo pipefail

repository=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=${TROUVAILLE_BENCH:-$repository/../shared/bench}
work=${TROUVAILLE_SOAK_DIR:-/tmp/trouvaille-soak}
seconds=${SOAK_SECONDS:-600}
rebuild_every=${REBUILD_EVERY:-60}
sample_every=${SAMPLE_EVERY:-5}
connections=${SOAK_CONNECTIONS:-16}
trouvaille=$repository/target/release/trouvaille
background_pids=()

log() {
    echo "[$(date +%H:%M:%S)] $*" >&2
}

cleanup() {
    for pid in "${background_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "soak.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
if [[ ${NO_BUILD:-} != 1 ]]; then
    (cd "$repository" && cargo build --release --locked -p trouvaille)
fi
rm -rf "$work" && mkdir -p "$work"

# The corpus and the queries: frdocs and its dev queries when the benchmark data is there.
if [[ -f $bench/frdocs.jsonl.gz && -f $bench/frdocs_dev.queries.tsv ]]; then
    source=$work/frdocs.jsonl
    gunzip -c "$bench/frdocs.jsonl.gz" >"$source"
    queries=$bench/frdocs_dev.queries.tsv
else
    source=$repository/corpus
    queries=$work/queries.tsv
    printf '1\tdonnees ouvertes\n2\tgouvernement\n3\tconference web\n4\tquebec\n' >"$queries"
fi

# Every kind of request of the search box, mixed: the API with facets, the page, a filtered
# and date-sorted second page, and the suggestions of a word being typed.
python3 - "$queries" >"$work/paths.txt" <<'PYTHON'
import sys, urllib.parse

with open(sys.argv[1], encoding="utf-8") as file:
    texts = [line.rstrip("\n").partition("\t")[2].strip() for line in file if "\t" in line]
for text in filter(None, texts):
    quoted = urllib.parse.quote_plus(text)
    print(f"/api/search?q={quoted}")
    print(f"/?q={quoted}")
    print(f"/api/search?q={quoted}&sort=-date&page=2&from=2005-01-01")
    print(f"/api/suggest?q={urllib.parse.quote_plus(text[:4])}")
PYTHON

log "indexing $source…"
"$trouvaille" index --index "$work/index" "$source" >"$work/first-index.txt"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base_url=http://127.0.0.1:$port
RUST_LOG=warn "$trouvaille" serve --index "$work/index" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server_pid=$!
background_pids+=("$server_pid")
for _ in $(seq 300); do
    curl -sf "$base_url/api/health" >/dev/null && break
    sleep 0.1
done
curl -sf "$base_url/api/health" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }

# Samples: seconds since the start, RSS (kB), open file descriptors, threads.
started=$(date +%s)
(
    printf 'seconds\trss_kb\tfds\tthreads\n'
    while kill -0 "$server_pid" 2>/dev/null; do
        rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$server_pid/status")
        threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$server_pid/status")
        fds=$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
        printf '%s\t%s\t%s\t%s\n' "$(($(date +%s) - started))" "$rss" "$fds" "$threads"
        sleep "$sample_every"
    done
) >"$work/soak.tsv" &
background_pids+=("$!")

(
    printf 'seconds\tbuild_s\tsummary\n'
    while sleep "$rebuild_every"; do
        begun=$(date +%s.%N)
        summary=$("$trouvaille" index --index "$work/index" --rebuild "$source" 2>&1 | tail -1)
        printf '%s\t%s\t%s\n' "$(($(date +%s) - started))" \
            "$(awk -v begun="$begun" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - begun }')" \
            "$summary"
    done
) >"$work/rebuilds.tsv" &
background_pids+=("$!")

log "load: wrk, $connections connections, $seconds s, a rebuild every $rebuild_every s…"
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$repository/benches/http_mix.lua" \
    "$base_url" -- "$work/paths.txt" >"$work/wrk.txt"
sleep "$sample_every"

python3 - "$work" <<'PYTHON'
import csv, json, sys

work = sys.argv[1]
wrk = json.loads(next(line[9:] for line in open(f"{work}/wrk.txt") if line.startswith("WRK_JSON ")))
samples = list(csv.DictReader(open(f"{work}/soak.tsv"), delimiter="\t"))
rebuilds = list(csv.DictReader(open(f"{work}/rebuilds.tsv"), delimiter="\t"))
rss = [int(s["rss_kb"]) / 1024 for s in samples]
fds = [int(s["fds"]) for s in samples]
threads = [int(s["threads"]) for s in samples]
failed = wrk["http_errors"] + sum(wrk["socket_errors"].values())
# After the first rebuild, the server holds its steady state (two index generations at most).
settled = rss[len(rss) // 5:] or rss
lines = [
    f"# Soak: {wrk['seconds']:.0f} s of mixed load, {len(rebuilds)} rebuilds",
    "",
    f"- requests: {wrk['requests']:,} ({wrk['requests_per_s']:.0f}/s), failed: {failed} "
    f"(HTTP errors {wrk['http_errors']}, socket errors {wrk['socket_errors']})",
    f"- latency ms: p50 {wrk['latency_p50_ms']:.2f}, p99 {wrk['latency_p99_ms']:.2f}, "
    f"p99.9 {wrk['latency_p999_ms']:.2f}, max {wrk['latency_max_ms']:.1f}",
    f"- RSS MB: first {rss[0]:.0f}, after the first fifth {settled[0]:.0f}, last {rss[-1]:.0f}, "
    f"max {max(rss):.0f}; settled range {min(settled):.0f}–{max(settled):.0f}",
    f"- open file descriptors: first {fds[0]}, max {max(fds)}, last {fds[-1]}",
    f"- threads: first {threads[0]}, max {max(threads)}, last {threads[-1]}",
    f"- rebuilds: {', '.join(r['build_s'] + ' s' for r in rebuilds)}",
    "",
    "RSS curve (MB, one sample every few seconds):",
    "",
    " ".join(f"{value:.0f}" for value in rss),
]
open(f"{work}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
fd_growth = fds[-1] - fds[0]
if failed or fd_growth > 8:
    print(f"soak.sh: FAILED ({failed} failed requests, file descriptors grew by {fd_growth})")
    sys.exit(1)
PYTHON
