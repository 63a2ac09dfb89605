#!/usr/bin/env bash
# Measures what the OpenSearch export costs in relevance (issue #8): frdocs is exported with
# `trouvaille export --format opensearch --lucene-replay`, with typo tolerance (the default
# configuration) and without (`no-typos`); benches/lucene/RankWithLucene.java ranks the frdocs
# dev queries in Lucene 8.8.1 as a cluster loaded with each export would (exported analyzers,
# mapping, BM25 and query DSL); `trouvaille eval --run-in` scores both runs beside Trouvaille's
# own configurations, with the paired test against `default`. The table it prints is the one
# of benches/RELEVANCE.md, section "The OpenSearch export, ranked by Lucene 8.8.1".
#
#   bash benches/opensearch_relevance.sh
#
# 61–74 s on the 2-core reference machine after the build: two exports of frdocs, two
# Lucene runs, and four configurations searched over two in-memory indexes.
#
# Environment: TROUVAILLE_OPENSEARCH_DIR, the work directory (default
# /tmp/trouvaille-opensearch-relevance); TROUVAILLE_BENCH, the benchmark data (default
# ../shared/bench beside the repository); NO_BUILD=1 uses target/release/trouvaille as it is.
# Needs a JDK (17 or later) and Debian's liblucene8-java.
set -euo pipefail

repository=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=${TROUVAILLE_BENCH:-$repository/../shared/bench}
work=${TROUVAILLE_OPENSEARCH_DIR:-/tmp/trouvaille-opensearch-relevance}
lucene=/usr/share/maven-repo/org/apache/lucene
classpath=$lucene/lucene-core/8.x/lucene-core-8.x.jar
classpath+=:$lucene/lucene-analyzers-common/8.x/lucene-analyzers-common-8.x.jar
classpath+=:$lucene/lucene-misc/8.x/lucene-misc-8.x.jar

for file in frdocs.jsonl.gz frdocs_dev.queries.tsv frdocs_dev.qrels; do
    if [[ ! -f $bench/$file ]]; then
        echo "opensearch_relevance.sh: $bench/$file not found: the benchmark data is needed" \
            "(../shared/bench beside the repository, or TROUVAILLE_BENCH)" >&2
        exit 1
    fi
done
for jar in ${classpath//:/ }; do
    if [[ ! -f $jar ]]; then
        echo "opensearch_relevance.sh: $jar not found: install Debian's liblucene8-java" >&2
        exit 1
    fi
done
if ! command -v javac >/dev/null; then
    echo "opensearch_relevance.sh: javac not found: install a JDK (default-jdk-headless)" >&2
    exit 1
fi

cd "$repository"
trouvaille=$repository/target/release/trouvaille
if [[ ${NO_BUILD:-0} == 1 ]]; then
    if [[ ! -x $trouvaille ]]; then
        echo "opensearch_relevance.sh: NO_BUILD=1 but $trouvaille is not built" >&2
        exit 1
    fi
else
    echo "building (release)…" >&2
    cargo build --release --quiet --bin trouvaille
fi
rm -rf "$work"
mkdir -p "$work"
javac -d "$work/classes" -cp "$classpath" tests/lucene/AnalyzeWithLucene.java \
    benches/lucene/RankWithLucene.java

run_files=()
for config in default no-typos; do
    echo "exporting frdocs with configuration $config, ranking it in Lucene…" >&2
    "$trouvaille" export --format opensearch --config "$config" --out "$work/export-$config" \
        --lucene-replay "$bench/frdocs_dev.queries.tsv" "$bench/frdocs.jsonl.gz" >&2
    java -cp "$classpath:$work/classes" RankWithLucene "$work/export-$config/lucene" \
        "lucene-$config" >"$work/lucene-$config.run"
    run_files+=(--run-in "$work/lucene-$config.run")
done

# Trouvaille's own fold-then-stem chain, which the export reproduces, without typo tolerance:
# no bundled configuration has both.
cat >"$work/configs.toml" <<'TOML'
[fold-then-stem-no-typos]
stemming_order = "fold-then-stem"
typo_tolerance = false
TOML

echo "evaluating…" >&2
"$trouvaille" eval --configs "$work/configs.toml" --corpus "$bench/frdocs.jsonl.gz" \
    --queries "$bench/frdocs_dev.queries.tsv" --qrels "$bench/frdocs_dev.qrels" \
    --config default --config no-typos --config snowball-after-folding \
    --config fold-then-stem-no-typos "${run_files[@]}" | tee "$work/eval.txt"
echo "exports, runs and eval.txt in $work" >&2
