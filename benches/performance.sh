#!/usr/bin/env bash
# Measures Trouvaille's performance against the anchor engines (Xapian, SQLite FTS5) on the
# same corpora, the same queries and the same machine, in one run: indexing (1 and 2 threads),
# in-process query latency (top 10, and top 10 with the facet counts of the search page),
# suggestion latency (when `bench queries --suggest` exists), HTTP load with wrk, and the growth
# of all of these with the number of documents. It writes JSON results and a Markdown summary
# (summary.md, also printed) to a work directory and draws benches/performance.svg.
#
#   bash benches/performance.sh                      # frdocs and 100k: about 20 minutes
#   SIZES="frdocs 100k 1m" bash benches/performance.sh
#
# Run it on a quiet machine: every figure is wall-clock time on shared cores.
#
# Environment:
#   TROUVAILLE_PERFORMANCE_DIR  work directory (default /tmp/trouvaille-performance); generated
#                               corpora are kept in its corpora/ and reused
#   TROUVAILLE_BENCH            benchmark data (default ../shared/bench beside the repository)
#   SIZES                       collections: frdocs (the real corpus) and/or generated sizes
#                               such as 100k, 1m or 2000 (default "frdocs 100k")
#   LOAD_SIZES                  collections that also get the HTTP load (default "frdocs 100k";
#                               "" for none)
#   LOAD_SECONDS                seconds of each wrk run (default 30)
#   LOAD_CONNECTIONS            wrk connection counts (default "1 8 64")
#   REPEAT                      timed rounds of the queries, ours and the anchors' (default 20)
#   SUGGEST_REPEAT              timed rounds of the suggestion prefixes (default 5)
#   BUILD_REPS                  index builds per configuration, median reported (default 3 for
#                               frdocs, 1 for generated corpora: Xapian builds 100k in minutes)
#   ANCHOR_REUSE_INDEX=1        reuse the anchors' indexes of an earlier run (their build
#                               figures then come from that run)
#   PERFORMANCE_SVG             the chart to draw (default benches/performance.svg)
#   NO_BUILD=1                  measure the binaries already in target/release, unbuilt
set -euo pipefail

repository=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=${TROUVAILLE_BENCH:-$repository/../shared/bench}
work=${TROUVAILLE_PERFORMANCE_DIR:-/tmp/trouvaille-performance}
sizes=${SIZES:-frdocs 100k}
anchor_sizes=${ANCHOR_SIZES-frdocs 100k}
one_thread_sizes=${ONE_THREAD_SIZES-frdocs 100k}
load_sizes=${LOAD_SIZES-frdocs 100k}
load_seconds=${LOAD_SECONDS:-30}
load_connections=${LOAD_CONNECTIONS:-1 8 64}
repeat=${REPEAT:-20}
suggest_repeat=${SUGGEST_REPEAT:-5}
chart=${PERFORMANCE_SVG:-$repository/benches/performance.svg}
# The anchor harness adds Debian's dist-packages to sys.path to find python3-xapian.
debian_python=/usr/lib/python3/dist-packages

trouvaille=$repository/target/release/trouvaille
chart_program=$repository/target/release/examples/performance_chart
report=$repository/benches/performance_report.py
http_script=$repository/benches/http_mix.lua
server_pid=

log() {
    echo "[$(date +%H:%M:%S)] $*" >&2
}

# A skipped part is said once on the terminal and written to skipped.txt, which the summary
# lists, so that a missing figure is never silent.
skip() {
    log "SKIPPED: $*"
    echo "$*" >>"$work/skipped.txt"
}

# ---------------------------------------------------------------------------- prerequisites

# The benchmark data is what every measurement reads (the corpus, the source of generated
# corpora, the queries): without it there is nothing to measure.
check_bench_data() {
    local file
    for file in frdocs.jsonl.gz frdocs_dev.queries.tsv; do
        if [[ ! -f $bench/$file ]]; then
            echo "performance.sh: $bench/$file not found: the benchmark data is needed" \
                "(../shared/bench beside the repository, or TROUVAILLE_BENCH)" >&2
            exit 1
        fi
    done
    bench=$(cd "$bench" && pwd)
    queries=$bench/frdocs_dev.queries.tsv
    qrels=$bench/frdocs_dev.qrels
    anchors=$bench/anchors
    if ! command -v python3 >/dev/null; then
        echo "performance.sh: python3 is needed (the report and the anchors are Python)" >&2
        exit 1
    fi
}

# Each optional part checks what it needs here once, so the run says at the start what it
# will leave out rather than after an hour.
check_optional_tools() {
    have_time=0 have_xapian=0 have_fts5=0 have_pytrec=0 have_wrk=0 have_threads=0 have_suggest=0
    if [[ -x /usr/bin/time ]]; then
        have_time=1
    else
        skip "peak RSS of indexing: /usr/bin/time not found (Debian package time)"
    fi
    if [[ ! -f $anchors/run_xapian.py || ! -f $anchors/run_sqlite_fts5.py ]]; then
        skip "anchors: $anchors/run_xapian.py or run_sqlite_fts5.py not found"
    else
        if python3 -c "import sys; sys.path.append('$debian_python'); import xapian" 2>/dev/null; then
            have_xapian=1
        else
            skip "Xapian anchor: python3 cannot import xapian (apt-get install python3-xapian)"
        fi
        if python3 -c "import sqlite3; sqlite3.connect(':memory:').execute('CREATE VIRTUAL TABLE t USING fts5(x)')" 2>/dev/null; then
            have_fts5=1
        else
            skip "SQLite FTS5 anchor: python3's sqlite3 has no FTS5"
        fi
        if python3 -c "import pytrec_eval" 2>/dev/null; then
            have_pytrec=1
        else
            skip "anchors' relevance on frdocs: no pytrec_eval (pip install pytrec-eval-terrier)"
        fi
    fi
    if command -v wrk >/dev/null; then
        have_wrk=1
    else
        skip "HTTP load: wrk not found (apt-get install wrk)"
    fi
    # Flags that later versions of the CLI add: used when there, said when not.
    if "$trouvaille" index --help | grep -q -- '--threads'; then
        have_threads=1
    else
        skip "indexing with 1 and 2 threads: \`trouvaille index\` has no --threads;" \
            "indexing measured once, with its default threads"
    fi
    if "$trouvaille" bench queries --help | grep -q -- '--suggest'; then
        have_suggest=1
    else
        skip "suggestion latency: \`trouvaille bench queries\` has no --suggest"
    fi
}

build() {
    if [[ ${NO_BUILD:-0} == 1 ]]; then
        local program
        for program in "$trouvaille" "$chart_program"; do
            if [[ ! -x $program ]]; then
                echo "performance.sh: NO_BUILD=1 but $program is not built" >&2
                exit 1
            fi
        done
        log "NO_BUILD=1: measuring the binaries in target/release as they are"
        return
    fi
    log "building (release)…"
    (cd "$repository" &&
        cargo build --release --quiet --bin trouvaille --example performance_chart)
}

# ---------------------------------------------------------------------------- collections

# A collection's number of documents: "100k" → 100000, "1m" → 1000000, "2000" → 2000.
document_count() {
    local size=${1,,}
    case $size in
        *k) echo $((${size%k} * 1000)) ;;
        *m) echo $((${size%m} * 1000000)) ;;
        *[!0-9]* | '')
            echo "performance.sh: unknown size \"$1\" in SIZES (frdocs, or a count such as 100k)" >&2
            exit 1
            ;;
        *) echo "$size" ;;
    esac
}

# Prints the path of the collection's corpus as uncompressed JSON Lines — the form every engine
# reads, so that no one pays for gzip and MB/s is of the same bytes — making it when missing.
# Written under a temporary name first: an interrupted run leaves no truncated corpus to reuse.
prepare_corpus() {
    local collection=$1 corpus
    mkdir -p "$work/corpora"
    corpus=$work/corpora/$collection.jsonl
    if [[ -s $corpus ]]; then
        log "[$collection] reusing $corpus"
    elif [[ $collection == frdocs ]]; then
        gunzip -c "$bench/frdocs.jsonl.gz" >"$corpus.partial"
        mv "$corpus.partial" "$corpus"
    else
        log "[$collection] generating the corpus…"
        "$trouvaille" bench gen-corpus --docs "$(document_count "$collection")" --seed 42 \
            --from "$bench/frdocs.jsonl.gz" --out "$corpus.partial.jsonl" >&2
        mv "$corpus.partial.jsonl" "$corpus"
    fi
    echo "$corpus"
}

# Builds: 3 on the small real corpus, where one build takes seconds and noise is large; 1 on the
# generated ones, where Xapian's build alone takes minutes (1m: over an hour).
build_reps() {
    if [[ -n ${BUILD_REPS:-} ]]; then
        echo "$BUILD_REPS"
    elif [[ $1 == frdocs ]]; then
        echo 3
    else
        echo 1
    fi
}

# ---------------------------------------------------------------------------- Trouvaille

# Indexes the corpus into a fresh directory with 1 and then 2 threads, BUILD_REPS times each.
# Each run leaves in $dir/indexing/: NAME.wall (seconds, from the clock: GNU time's wall clock
# has 10 ms steps), NAME.time (GNU time -v: peak RSS, CPU), NAME.bytes (du -sb of the index),
# NAME.log (the command's output). The last 2-thread index stays as $dir/index for the queries
# and the server; the 1-thread ones are removed once measured (a 1m index is gigabytes).
measure_indexing() {
    local collection=$1 corpus=$2 dir=$3 reps threads rep name index started status
    reps=$(build_reps "$collection")
    local thread_counts=(default)
    if ((have_threads)) && listed "$collection" "$one_thread_sizes"; then
        thread_counts=(1 2)
    elif ((have_threads)); then
        thread_counts=(2)
    fi
    rm -rf "$dir/indexing" "$dir/index"
    mkdir -p "$dir/indexing"
    for threads in "${thread_counts[@]}"; do
        local thread_flags=()
        if [[ $threads != default ]]; then
            thread_flags=(--threads "$threads")
        fi
        for ((rep = 1; rep <= reps; rep++)); do
            name=t$threads-r$rep
            index=$dir/index-t$threads
            log "[$collection] indexing, threads: $threads, build $rep/$reps…"
            rm -rf "$index"
            local timer=()
            if ((have_time)); then
                timer=(/usr/bin/time -v -o "$dir/indexing/$name.time")
            fi
            started=$(date +%s.%N)
            status=0
            "${timer[@]}" "$trouvaille" --index "$index" index "${thread_flags[@]}" "$corpus" \
                >"$dir/indexing/$name.log" 2>&1 || status=$?
            awk -v start="$started" -v end="$(date +%s.%N)" 'BEGIN { print end - start }' \
                >"$dir/indexing/$name.wall"
            # 2 = some records rejected (the rest indexed): measured, and the log says which.
            if ((status != 0 && status != 2)); then
                cat "$dir/indexing/$name.log" >&2
                echo "performance.sh: trouvaille index failed (exit status $status)" >&2
                exit 1
            fi
            echo "$status" >"$dir/indexing/$name.status"
            du -sb "$index" | cut -f1 >"$dir/indexing/$name.bytes"
        done
        if [[ $threads == 1 ]]; then
            rm -rf "$index"
        else
            mv "$index" "$dir/index"
        fi
    done
}

# In-process latency on the warm searcher of $dir/index, the anchors' method: the frdocs dev
# queries on every collection (the anchor harness does the same on its 100k corpus).
measure_latency() {
    local collection=$1 dir=$2
    log "[$collection] query latency, top 10…"
    "$trouvaille" --index "$dir/index" bench queries --queries "$queries" --repeat "$repeat" \
        --json >"$dir/latency-plain.json"
    log "[$collection] query latency, top 10 with facet counts…"
    "$trouvaille" --index "$dir/index" bench queries --queries "$queries" --repeat "$repeat" \
        --facets --json >"$dir/latency-faceted.json"
    if ((have_suggest)); then
        log "[$collection] suggestion latency, every prefix of the queries…"
        "$trouvaille" --index "$dir/index" bench queries --queries "$queries" \
            --repeat "$suggest_repeat" --suggest --json >"$dir/latency-suggest.json"
    fi
}

# ---------------------------------------------------------------------------- anchors

# Xapian (French Snowball + elision + accent folding, with the faceted variant) and SQLite FTS5
# on the same corpus and queries. Relevance only on frdocs, the corpus with judgments.
run_anchors() {
    local collection=$1 corpus=$2 dir=$3 common_flags
    common_flags=(--corpus "$corpus" --queries "$queries" --index-dir "$dir/anchor-indexes"
        --build-reps "$(build_reps "$collection")" --lat-reps "$repeat")
    if [[ $collection == frdocs && -f $qrels ]] && ((have_pytrec)); then
        common_flags+=(--qrels "$qrels")
    else
        common_flags+=(--no-relevance)
    fi
    if [[ ${ANCHOR_REUSE_INDEX:-0} == 1 ]]; then
        common_flags+=(--reuse-index)
    fi
    if ((have_xapian)); then
        log "[$collection] Xapian: build and queries…"
        python3 "$anchors/run_xapian.py" "${common_flags[@]}" --fold --elision --facets \
            --out "$dir/xapian.json" >"$dir/xapian.log" 2>&1 ||
            skip "[$collection] Xapian anchor failed: see $dir/xapian.log"
    fi
    if ((have_fts5)); then
        log "[$collection] SQLite FTS5: build and queries…"
        python3 "$anchors/run_sqlite_fts5.py" "${common_flags[@]}" \
            --out "$dir/fts5.json" >"$dir/fts5.log" 2>&1 ||
            skip "[$collection] SQLite FTS5 anchor failed: see $dir/fts5.log"
    fi
}

# ---------------------------------------------------------------------------- HTTP load

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# One `kB` figure of /proc/PID/status: VmRSS (resident now) or VmHWM (peak resident).
memory_kb() {
    awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status"
}

# Serves $dir/index and waits until /api/health answers with the expected number of documents
# (`serve` indexes ./corpus when it finds no index: the count catches serving the wrong one).
start_server() {
    local dir=$1 documents=$2 port health attempt
    port=$(free_port)
    base_url=http://127.0.0.1:$port
    "$trouvaille" --index "$dir/index" serve --addr "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
    server_pid=$!
    for ((attempt = 0; attempt < 600; attempt++)); do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            cat "$dir/serve.log" >&2
            echo "performance.sh: trouvaille serve exited before answering" >&2
            exit 1
        fi
        if health=$(curl -fsS "$base_url/api/health" 2>/dev/null); then
            if [[ $health != *"\"documents\":$documents"* ]]; then
                echo "performance.sh: the server holds another index: $health" \
                    "(expected $documents documents)" >&2
                exit 1
            fi
            return
        fi
        sleep 0.1
    done
    echo "performance.sh: trouvaille serve did not answer /api/health within 60 s" >&2
    exit 1
}

stop_server() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}

# The dev queries as URL-encoded /api/search paths, one a line, for http_mix.lua: the request
# of the search page's first result page, which computes the facet counts.
write_request_paths() {
    python3 - "$queries" >"$1" <<'PYTHON'
import sys, urllib.parse

with open(sys.argv[1], encoding="utf-8") as file:
    for line in file:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        _, _, text = line.partition("\t")
        print("/api/search?q=" + urllib.parse.quote_plus(text.strip()))
PYTHON
}

# wrk for LOAD_SECONDS at each connection count, the server's RSS sampled before and after each
# run and its peak at the end. Results: $dir/http/cN.json (the script's WRK_JSON line plus the
# memory figures) and cN.txt (wrk's own report).
measure_http() {
    local collection=$1 dir=$2 documents=$3 connections threads path rss_before rss_after line
    mkdir -p "$dir/http"
    write_request_paths "$dir/http/paths.txt"
    log "[$collection] HTTP: starting the server…"
    start_server "$dir" "$documents"
    # Every query once before timing: the first searches of a new searcher build its caches.
    # (Without --fail: a failing query is counted by the timed runs, not fatal here.)
    while read -r path; do
        curl -sS -o /dev/null "$base_url$path"
    done <"$dir/http/paths.txt"
    for connections in $load_connections; do
        # wrk needs a thread per connection at least; 2 threads at most on 2 cores, which wrk
        # shares with the server.
        threads=$((connections < 2 ? connections : 2))
        log "[$collection] HTTP: $connections connections, $load_seconds s…"
        rss_before=$(memory_kb "$server_pid" VmRSS)
        wrk -t"$threads" -c"$connections" -d"${load_seconds}s" --timeout 10s --latency \
            -s "$http_script" "$base_url" -- "$dir/http/paths.txt" >"$dir/http/c$connections.txt"
        rss_after=$(memory_kb "$server_pid" VmRSS)
        line=$(sed -n 's/^WRK_JSON //p' "$dir/http/c$connections.txt")
        if [[ -z $line ]]; then
            cat "$dir/http/c$connections.txt" >&2
            echo "performance.sh: wrk printed no WRK_JSON line" >&2
            exit 1
        fi
        python3 - "$line" "$connections" "$threads" "$rss_before" "$rss_after" \
            >"$dir/http/c$connections.json" <<'PYTHON'
import json, sys

line, connections, threads, rss_before, rss_after = sys.argv[1:]
result = json.loads(line)
result.update(connections=int(connections), wrk_threads=int(threads),
              rss_before_kb=int(rss_before), rss_after_kb=int(rss_after))
print(json.dumps(result))
PYTHON
    done
    memory_kb "$server_pid" VmHWM >"$dir/http/peak_rss_kb"
    stop_server
}

# ---------------------------------------------------------------------------- the run

machine_facts() {
    python3 - "$work/machine.json" "$trouvaille" "$repository" <<'PYTHON'
import json, os, platform, re, subprocess, sys, time

out, trouvaille, repository = sys.argv[1:]

def first(pattern, path):
    with open(path) as file:
        match = re.search(pattern, file.read(), re.M)
    return match.group(1).strip() if match else None

def command(*arguments):
    try:
        return subprocess.run(arguments, capture_output=True, text=True, cwd=repository,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None

mem_kb = first(r"^MemTotal:\s+(\d+)", "/proc/meminfo")
dirty = command("git", "status", "--porcelain", "--untracked-files=no")
facts = {
    "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    "nproc": os.cpu_count(),
    "cpu": first(r"^model name\s*:(.*)$", "/proc/cpuinfo"),
    "ram_gb": round(int(mem_kb) / 1024**2, 1) if mem_kb else None,
    "kernel": platform.release(),
    "load_average_at_start": os.getloadavg()[0],
    "trouvaille": command(trouvaille, "--version"),
    "commit": (command("git", "rev-parse", "--short", "HEAD") or "?")
              + (" (with uncommitted changes)" if dirty else ""),
    "wrk": (command("sh", "-c", "wrk --version 2>&1 | head -1") or "").split(" Copyright")[0] or None,
}
with open(out, "w") as file:
    json.dump(facts, file, indent=1)
if facts["load_average_at_start"] > 0.5:
    print(f"performance.sh: the load average is {facts['load_average_at_start']:.2f}:"
          " the machine is not quiet, latencies will be high", file=sys.stderr)
PYTHON
}

# Whether the word $1 is among the words of $2.
listed() {
    [[ " $2 " == *" $1 "* ]]
}

# Warns when the work directory's disk may not hold a collection: its corpus, our index, and the
# anchors' indexes (kept for ANCHOR_REUSE_INDEX) take about 20 kB a document together (frdocs:
# 3.3 kB of JSON Lines, 3.9 kB of Trouvaille index, 6.5 kB of Xapian, 5.7 kB of FTS5) — 20 GB
# for 1m.
check_disk_space() {
    local collection=$1 documents needed_kb free_kb
    documents=5148
    if [[ $collection != frdocs ]]; then
        documents=$(document_count "$collection")
    fi
    needed_kb=$((documents * 20))
    free_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
    if ((free_kb < needed_kb)); then
        log "WARNING: $collection may need about $((needed_kb / 1024 / 1024)) GB in $work;" \
            "$((free_kb / 1024 / 1024)) GB are free"
    fi
}

measure_collection() {
    local collection=$1 dir corpus documents
    check_disk_space "$collection"
    dir=$work/$collection
    mkdir -p "$dir"
    rm -f "$dir"/{latency-*,xapian,fts5}.json
    rm -rf "$dir/http"
    corpus=$(prepare_corpus "$collection")
    documents=$(grep -c . "$corpus")
    printf '{"collection": "%s", "corpus": "%s", "documents": %d, "corpus_bytes": %d}\n' \
        "$collection" "$corpus" "$documents" "$(stat -c %s "$corpus")" >"$dir/corpus.json"
    measure_indexing "$collection" "$corpus" "$dir"
    # The builds leave their files to be written back; timing searches meanwhile times the disk.
    sync
    measure_latency "$collection" "$dir"
    if listed "$collection" "$anchor_sizes"; then
        run_anchors "$collection" "$corpus" "$dir"
    else
        skip "[$collection] anchors not run (not in ANCHOR_SIZES)"
    fi
    if listed "$collection" "$load_sizes" && ((have_wrk)); then
        measure_http "$collection" "$dir" "$documents"
    fi
}

main() {
    local collection started
    # Every size is read before anything runs: a typo should not end a run an hour in.
    for collection in $sizes; do
        if [[ $collection != frdocs ]]; then
            document_count "$collection" >/dev/null
        fi
    done
    check_bench_data
    mkdir -p "$work"
    rm -f "$work/skipped.txt"
    build
    check_optional_tools
    trap stop_server EXIT
    machine_facts
    started=$(date +%s)
    for collection in $sizes; do
        measure_collection "$collection"
    done
    log "measured in $(($(date +%s) - started)) s; writing the report…"
    # shellcheck disable=SC2086 # one argument per collection
    python3 "$report" --work "$work" $sizes >"$work/summary.md"
    "$chart_program" --growth "$work/growth.json" --out "$chart" >&2
    cat "$work/summary.md"
    log "results in $work (summary.md, results.json, growth.tsv); chart $chart"
    if grep -q '^HTTP ERRORS' "$work/summary.md"; then
        echo "performance.sh: the HTTP load had errors (see summary.md)" >&2
        exit 1
    fi
}

main
