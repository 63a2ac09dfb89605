#!/usr/bin/env bash
# Reproduces the relevance report: every search configuration of `trouvaille eval
# --list-configs` ("default" first, the baseline of the comparisons) on the judged dev queries of
# ../shared/bench, frdocs and the seed archive. `eval --corpus` indexes each collection in memory
# once per stemming the configurations need. It writes the eval JSONs and the TREC runs to a work
# directory, draws benches/relevance.svg, and prints a Markdown table for benches/RELEVANCE.md.
#
#   bash benches/relevance.sh
#
# Environment: TROUVAILLE_RELEVANCE_DIR, the work directory (default /tmp/trouvaille-relevance;
# its index of the seed archive is rebuilt on each run); TROUVAILLE_BENCH, the benchmark data
# (default ../shared/bench beside the repository).
set -euo pipefail

repository=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=${TROUVAILLE_BENCH:-$repository/../shared/bench}
work=${TROUVAILLE_RELEVANCE_DIR:-/tmp/trouvaille-relevance}

for file in frdocs.jsonl.gz frdocs_dev.queries.tsv frdocs_dev.qrels seed_dev.queries.tsv \
    seed_dev.qrels seed_ids.tsv; do
    if [[ ! -f $bench/$file ]]; then
        echo "relevance.sh: $bench/$file not found: the benchmark data is needed" \
            "(../shared/bench beside the repository, or TROUVAILLE_BENCH)" >&2
        exit 1
    fi
done

cd "$repository"
echo "building (release)…" >&2
cargo build --release --quiet --bin trouvaille --example relevance_chart
trouvaille=$repository/target/release/trouvaille
mkdir -p "$work"

# The seed judgments name articles by ids of their own (seed_ids.tsv lists them with their
# titles) while ours are slugs of the titles: map them by title, white space collapsed (the
# titles hold no-break spaces), reading our ids and titles from an index of the archive.
rm -rf "$work/index-seed"
"$trouvaille" --index "$work/index-seed" index corpus >/dev/null
"$trouvaille" --index "$work/index-seed" search --json --per-page 100 >"$work/seed-articles.json"
python3 - "$bench/seed_ids.tsv" "$work/seed-articles.json" "$bench/seed_dev.qrels" \
    >"$work/seed_dev.qrels" <<'PYTHON'
import json, sys, unicodedata

def comparable(title):
    return " ".join(unicodedata.normalize("NFC", title).split())

ids_path, articles_path, qrels_path = sys.argv[1:]
with open(articles_path, encoding="utf-8") as file:
    our_id_of_title = {comparable(hit["title"]): hit["id"] for hit in json.load(file)["hits"]}
our_id = {}
with open(ids_path, encoding="utf-8") as file:
    next(file)
    for line in file:
        judged_id, title = line.rstrip("\n").split("\t", 1)
        if comparable(title) in our_id_of_title:
            our_id[judged_id] = our_id_of_title[comparable(title)]
with open(qrels_path, encoding="utf-8") as file:
    for line in file:
        query_id, iteration, judged_id, grade = line.split()
        if judged_id not in our_id:
            sys.exit(f"relevance.sh: the judged seed article {judged_id} has no article"
                     " of the same title in corpus/")
        print(query_id, iteration, our_id[judged_id], grade)
PYTHON

config_flags=(--config default)
while IFS=$'\t' read -r name _; do
    if [[ $name != default ]]; then
        config_flags+=(--config "$name")
    fi
done < <("$trouvaille" eval --list-configs)

echo "evaluating $((${#config_flags[@]} / 2)) configurations on frdocs and the seed archive…" >&2
"$trouvaille" eval "${config_flags[@]}" --json --corpus "$bench/frdocs.jsonl.gz" \
    --queries "$bench/frdocs_dev.queries.tsv" --qrels "$bench/frdocs_dev.qrels" \
    --run-out "$work/frdocs.run.txt" >"$work/frdocs.json"
"$trouvaille" eval "${config_flags[@]}" --json --corpus corpus \
    --queries "$bench/seed_dev.queries.tsv" --qrels "$work/seed_dev.qrels" \
    --run-out "$work/seed.run.txt" >"$work/seed.json"

# Other engines on the same frdocs dev queries: ../shared/bench/ANCHORS.md, "Relevance, frdocs
# dev (50 queries)".
target/release/examples/relevance_chart --out benches/relevance.svg \
    --anchor "Lucene 8.8 FrenchAnalyzer + ASCII folding, OR (frdocs)=0.776" \
    --anchor "tantivy 0.27 + French stopwords, OR (frdocs)=0.804" \
    "frdocs dev=$work/frdocs.json" "seed dev=$work/seed.json" >&2
echo "JSON and TREC runs in $work" >&2

python3 - "$work/frdocs.json" "$work/seed.json" <<'PYTHON'
import json, sys

frdocs, seed = (json.load(open(path, encoding="utf-8")) for path in sys.argv[1:])
seed_means = {config["name"]: config["mean"] for config in seed["configs"]}
comparisons = {comparison["candidate"]: comparison for comparison in frdocs["comparisons"]}
baseline = frdocs["configs"][0]["name"]
query_counts = [len(report["configs"][0]["per_query"]) for report in (frdocs, seed)]
print(f"frdocs dev: {query_counts[0]} judged queries; seed dev: {query_counts[1]}.")
print()
print("| configuration | frdocs nDCG@10 | frdocs MRR@10 | frdocs R@100 | seed nDCG@10 "
      f"| seed MRR@10 | Δ nDCG@10 vs {baseline}, frdocs (wins/losses/ties, p) |")
print("|---|---|---|---|---|---|---|")
for config in frdocs["configs"]:
    name, mean = config["name"], config["mean"]
    seed_mean = seed_means.get(name)
    seed_cells = (f"{seed_mean['ndcg_at_10']:.3f} | {seed_mean['mrr_at_10']:.3f}"
                  if seed_mean else "— | —")
    comparison = comparisons.get(name)
    difference = (f"{comparison['mean_difference']:+.3f} ({comparison['wins']}/"
                  f"{comparison['losses']}/{comparison['ties']}, p = {comparison['p_value']:.3f})"
                  if comparison else "baseline")
    print(f"| {name} | {mean['ndcg_at_10']:.3f} | {mean['mrr_at_10']:.3f} "
          f"| {mean['recall_at_100']:.3f} | {seed_cells} | {difference} |")
PYTHON
