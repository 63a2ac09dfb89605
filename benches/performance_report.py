#!/usr/bin/env python3
"""The report of benches/performance.sh: reads what each step left in the work directory,
writes results.json (everything), growth.tsv and growth.json (one row per collection, for
examples/performance_chart.rs) there, and prints the Markdown summary.

    python3 benches/performance_report.py --work /tmp/trouvaille-performance frdocs 100k

Work directory, per collection C (see performance.sh for who writes what):
    C/corpus.json                  documents and bytes of the JSON Lines corpus
    C/indexing/tT-rR.{wall,time,bytes,status}  one build: T threads, repetition R
    C/latency-{plain,faceted,suggest}.json     `trouvaille bench queries --json`
    C/xapian.json, C/fts5.json     the anchor harness's results
    C/http/cN.json, C/http/peak_rss_kb         wrk at N connections, server memory
and machine.json, skipped.txt for the whole run. Missing files are missing figures ("—").
"""
import argparse
import glob
import json
import os
import re
import statistics
import sys

# The goals of the performance issue, as ratios Trouvaille ÷ anchor.
FACETED_LATENCY_TARGET = 0.5   # at most: half Xapian's faceted latency
INDEXING_SPEED_TARGET = 2.0    # at least: twice Xapian's documents per second

GROWTH_COLUMNS = [
    "collection", "documents", "index_bytes", "plain_p50_ms", "plain_p99_ms", "faceted_p50_ms",
    "faceted_p99_ms", "indexing_docs_per_s", "xapian_index_bytes", "xapian_plain_p50_ms",
    "xapian_faceted_p50_ms", "xapian_faceted_p99_ms", "xapian_docs_per_s", "fts5_index_bytes",
    "fts5_plain_p50_ms", "fts5_docs_per_s",
]


def read_json(path):
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except FileNotFoundError:
        return None


def read_text(path):
    try:
        with open(path, encoding="utf-8") as file:
            return file.read().strip()
    except FileNotFoundError:
        return None


def dig(data, *keys):
    """data[k1][k2]…, or None as soon as one is missing."""
    for key in keys:
        if not isinstance(data, dict) or data.get(key) is None:
            return None
        data = data[key]
    return data


# ---------------------------------------------------------------------------- reading

def gnu_time(path):
    """Peak RSS (kB) and CPU seconds from `/usr/bin/time -v`'s report."""
    text = read_text(path)
    if text is None:
        return {}
    def number(label):
        match = re.search(re.escape(label) + r":\s*([\d.]+)", text)
        return float(match.group(1)) if match else None
    user, system = number("User time (seconds)"), number("System time (seconds)")
    return {"max_rss_kb": number("Maximum resident set size (kbytes)"),
            "cpu_s": user + system if user is not None and system is not None else None}


def indexing(directory, corpus):
    """One summary per thread count: the median build (wall clock), its rates, the largest
    peak RSS of the builds and the size of the last index."""
    runs = {}
    for wall_path in sorted(glob.glob(os.path.join(directory, "indexing", "t*-r*.wall"))):
        name = os.path.basename(wall_path)[: -len(".wall")]
        threads = re.match(r"t(.+)-r\d+$", name).group(1)
        base = wall_path[: -len(".wall")]
        runs.setdefault(threads, []).append({
            "wall_s": float(read_text(wall_path)),
            "index_bytes": int(read_text(base + ".bytes") or 0) or None,
            "exit_status": int(read_text(base + ".status") or 0),
            **gnu_time(base + ".time"),
        })
    summaries = {}
    for threads, builds in runs.items():
        wall = statistics.median(build["wall_s"] for build in builds)
        rss = [build["max_rss_kb"] for build in builds if build.get("max_rss_kb")]
        cpu = [build["cpu_s"] for build in builds if build.get("cpu_s") is not None]
        summaries[threads] = {
            "threads": threads, "builds": builds, "wall_s_median": wall,
            "docs_per_s": corpus["documents"] / wall,
            "mb_per_s": corpus["corpus_bytes"] / 1e6 / wall,
            "cpu_s_median": statistics.median(cpu) if cpu else None,
            "peak_rss_kb_max": max(rss) if rss else None,
            "index_bytes": builds[-1]["index_bytes"],
            "records_rejected": any(build["exit_status"] == 2 for build in builds),
        }
    return summaries


def trouvaille_latency(directory, kind):
    """`bench queries --json` (microseconds) in the anchors' milliseconds."""
    result = read_json(os.path.join(directory, f"latency-{kind}.json"))
    if result is None:
        return None
    return {"p50_ms": result["p50_us"] / 1000, "p99_ms": result["p99_us"] / 1000,
            "mean_ms": result["mean_us"] / 1000, "qps": result["qps"],
            "queries": result["queries"], "repeat": result["repeat"]}


def anchor(directory, system):
    """The figures of an anchor's results file that the report compares."""
    result = read_json(os.path.join(directory, f"{system}.json"))
    if result is None:
        return None
    def latency(part):
        return part and {"p50_ms": part["overall_p50_ms"], "p99_ms": part["overall_p99_ms"],
                         "mean_ms": part["overall_mean_ms"], "repeat": part["reps"]}
    relevance = next(iter((result.get("relevance") or {}).values()), None)
    return {
        "variant": result.get("variant"), "versions": result.get("versions"),
        "documents": result.get("n_docs"),
        "build_s_median": dig(result, "index", "build_s_median"),
        # None when the index was reused (ANCHOR_REUSE_INDEX): its figures are an earlier run's.
        "builds": len(dig(result, "index", "build_s_runs") or []) or None,
        # ANCHOR_REUSE_INDEX: the build figures are then those of the run that built it.
        "index_reused": "reusing index" in (read_text(os.path.join(directory, f"{system}.log"))
                                            or ""),
        "docs_per_s": dig(result, "index", "docs_per_s"),
        "index_bytes": dig(result, "index", "size_bytes"),
        "plain": latency(result.get("latency")),
        "faceted": latency(dig(result, "facets", "faceted")),
        "ndcg_at_10": relevance and relevance["ndcg@10"],
    }


def http(directory):
    runs = [read_json(path) for path in glob.glob(os.path.join(directory, "http", "c*.json"))]
    if not runs:
        return None
    peak = read_text(os.path.join(directory, "http", "peak_rss_kb"))
    return {"runs": sorted(runs, key=lambda run: run["connections"]),
            "peak_rss_kb": int(peak) if peak else None}


def collection(work, name):
    directory = os.path.join(work, name)
    corpus = read_json(os.path.join(directory, "corpus.json"))
    if corpus is None:
        sys.exit(f"performance_report.py: {directory}/corpus.json not found: was {name} measured?")
    return {
        **corpus,
        "indexing": indexing(directory, corpus),
        "latency": {kind: trouvaille_latency(directory, kind)
                    for kind in ("plain", "faceted", "suggest")},
        "xapian": anchor(directory, "xapian"),
        "fts5": anchor(directory, "fts5"),
        "http": http(directory),
    }


# ---------------------------------------------------------------------------- derived figures

def main_indexing(result):
    """The build the comparisons use: 2 threads, else the only one measured."""
    runs = result["indexing"]
    return runs.get("2") or runs.get("default") or next(iter(runs.values()), None)


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def ratios(result):
    """(what, value, target text, met or None) rows: Trouvaille ÷ anchor."""
    ours = result["latency"]
    build = main_indexing(result) or {}
    rows = []
    for system, label in (("xapian", "Xapian"), ("fts5", "FTS5")):
        other = result[system]
        if other is None:
            continue
        is_xapian = system == "xapian"
        if is_xapian:
            for percentile in ("p50", "p99"):
                value = ratio(dig(ours, "faceted", f"{percentile}_ms"),
                              dig(other, "faceted", f"{percentile}_ms"))
                rows.append((f"faceted {percentile} ÷ {label} faceted {percentile}", value,
                             f"≤ {FACETED_LATENCY_TARGET}",
                             None if value is None else value <= FACETED_LATENCY_TARGET))
        for percentile in ("p50", "p99"):
            value = ratio(dig(ours, "plain", f"{percentile}_ms"),
                          dig(other, "plain", f"{percentile}_ms"))
            rows.append((f"top-10 {percentile} ÷ {label} top-10 {percentile}", value, "—", None))
        value = ratio(build.get("docs_per_s"), other.get("docs_per_s"))
        threads = build.get("threads", "?")
        target_met = None if value is None or not is_xapian else value >= INDEXING_SPEED_TARGET
        rows.append((f"indexing docs/s ({threads} threads) ÷ {label} docs/s", value,
                     f"≥ {INDEXING_SPEED_TARGET:g}" if is_xapian else "—", target_met))
    return rows


def growth_row(result):
    build = main_indexing(result) or {}
    xapian, fts5 = result["xapian"] or {}, result["fts5"] or {}
    return {
        "collection": result["collection"], "documents": result["documents"],
        "index_bytes": build.get("index_bytes"),
        "plain_p50_ms": dig(result, "latency", "plain", "p50_ms"),
        "plain_p99_ms": dig(result, "latency", "plain", "p99_ms"),
        "faceted_p50_ms": dig(result, "latency", "faceted", "p50_ms"),
        "faceted_p99_ms": dig(result, "latency", "faceted", "p99_ms"),
        "indexing_docs_per_s": build.get("docs_per_s"),
        "xapian_index_bytes": xapian.get("index_bytes"),
        "xapian_plain_p50_ms": dig(xapian, "plain", "p50_ms"),
        "xapian_faceted_p50_ms": dig(xapian, "faceted", "p50_ms"),
        "xapian_faceted_p99_ms": dig(xapian, "faceted", "p99_ms"),
        "xapian_docs_per_s": xapian.get("docs_per_s"),
        "fts5_index_bytes": fts5.get("index_bytes"),
        "fts5_plain_p50_ms": dig(fts5, "plain", "p50_ms"),
        "fts5_docs_per_s": fts5.get("docs_per_s"),
    }


# ---------------------------------------------------------------------------- Markdown

def number(value, digits=2):
    """A cell: thousands separated, `digits` decimals, — when missing."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def megabytes(value):
    return "—" if value is None else f"{value / 1e6:,.1f}"


def kb_as_mb(value):
    return "—" if value is None else f"{value / 1024:,.0f}"


def pair(part, digits=2):
    if not part:
        return "— / —"
    return f"{number(part['p50_ms'], digits)} / {number(part['p99_ms'], digits)}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def summary(machine, results, skipped, repeat):
    out = []
    say = out.append
    say(f"# Trouvaille performance, {machine.get('date', '?')}")
    say("")
    say(f"Machine: {machine.get('nproc')} cores ({machine.get('cpu')}), "
        f"{machine.get('ram_gb')} GB RAM, Linux {machine.get('kernel')}; "
        f"load average {machine.get('load_average_at_start', 0):.2f} at the start. "
        f"{machine.get('trouvaille') or 'trouvaille'}, commit {machine.get('commit')}; "
        f"{machine.get('wrk') or 'no wrk'}.")
    say("")
    say(f"Queries: the {repeat_queries(results)} frdocs dev queries on every collection, one "
        f"untimed round then {repeat} timed ones, in-process on a warm searcher, one thread "
        "(Trouvaille: `trouvaille bench queries`; anchors: `../shared/bench/anchors`, same "
        "method). Faceted = top 10 with category, tag and year counts (Trouvaille) or exact "
        "category counts and year histogram (Xapian, `--facets`). "
        + suggest_method(results)
        + "Indexing: the corpus as uncompressed JSON Lines, a fresh index each build, median "
        "wall clock; the anchors index with one thread, Xapian without fsync (`DB_NO_SYNC`), "
        "FTS5 with `synchronous=OFF`. " + anchor_versions(results))

    say("")
    say("## Indexing")
    say("")
    rows = []
    for result in results:
        for threads, build in result["indexing"].items():
            note = " (records rejected)" if build["records_rejected"] else ""
            threads_text = {"1": "1 thread", "default": "default threads"}.get(
                threads, f"{threads} threads")
            rows.append([result["collection"], f"Trouvaille, {threads_text}{note}",
                         f"{result['documents']:,}", len(build["builds"]),
                         number(build["wall_s_median"]), number(build["docs_per_s"], 0),
                         number(build["mb_per_s"]), kb_as_mb(build["peak_rss_kb_max"]),
                         megabytes(build["index_bytes"])])
        for system, label in (("xapian", "Xapian"), ("fts5", "SQLite FTS5")):
            other = result[system]
            if other:
                rate = (result["corpus_bytes"] / 1e6 / other["build_s_median"]
                        if other.get("build_s_median") else None)
                reused = " (index of an earlier run)" if other["index_reused"] else ""
                rows.append([result["collection"], label + reused, f"{other['documents']:,}",
                             other["builds"] or "—",
                             number(other["build_s_median"]), number(other["docs_per_s"], 0),
                             number(rate), "—", megabytes(other["index_bytes"])])
    say(table(["collection", "system", "documents", "builds", "wall s (median)", "docs/s",
               "MB/s", "peak RSS MB", "index MB"], rows))

    say("")
    say("## Query latency (ms, in-process)")
    say("")
    rows = []
    for result in results:
        latency = result["latency"]
        suggest = pair(latency["suggest"], 3) if latency["suggest"] else "not measured"
        rows.append([result["collection"], "Trouvaille", pair(latency["plain"]),
                     pair(latency["faceted"]), suggest])
        for system, label in (("xapian", "Xapian"), ("fts5", "SQLite FTS5")):
            other = result[system]
            if other:
                rows.append([result["collection"], label, pair(other["plain"]),
                             pair(other["faceted"]) if other["faceted"] else "—", "—"])
    say(table(["collection", "system", "top 10 p50 / p99", "faceted p50 / p99",
               "suggest p50 / p99"], rows))
    relevance = [(result["collection"], label, result[system]["ndcg_at_10"])
                 for result in results for system, label in (("xapian", "Xapian"),
                                                            ("fts5", "FTS5"))
                 if result[system] and result[system]["ndcg_at_10"] is not None]
    if relevance:
        say("")
        say("Anchors' nDCG@10 on the dev queries (a check that they ran as in ANCHORS.md): "
            + "; ".join(f"{label} {value:.3f} ({name})" for name, label, value in relevance)
            + ".")

    say("")
    say("## Ratios (Trouvaille ÷ anchor)")
    say("")
    rows = []
    for result in results:
        for what, value, target, met in ratios(result):
            verdict = "—" if met is None else ("yes" if met else "**no**")
            rows.append([result["collection"], what, number(value), target, verdict])
    say(table(["collection", "ratio", "value", "target", "met"], rows) if rows
        else "No anchor results: no ratio.")

    http_results = [result for result in results if result["http"]]
    say("")
    say("## HTTP load (`trouvaille serve`, wrk, faceted `/api/search` cycling through the dev "
        "queries)")
    say("")
    if not http_results:
        say("Not measured.")
    errors_total = 0
    for result in http_results:
        rows = []
        for run in result["http"]["runs"]:
            sockets = sum(run["socket_errors"].values())
            errors = max(run["http_errors"], run["wrk_status_errors"]) + sockets
            errors_total += errors
            rows.append([run["connections"], run["wrk_threads"], number(run["seconds"], 0),
                         number(run["requests_per_s"], 0), number(run["latency_p50_ms"]),
                         number(run["latency_p99_ms"]), number(run["latency_p999_ms"]),
                         f"{run['http_errors']} HTTP, {sockets} socket",
                         f"{kb_as_mb(run['rss_before_kb'])} → {kb_as_mb(run['rss_after_kb'])}"])
        say(f"{result['collection']} ({result['documents']:,} documents); server peak RSS "
            f"(VmHWM) {kb_as_mb(result['http']['peak_rss_kb'])} MB:")
        say("")
        say(table(["connections", "wrk threads", "s", "requests/s", "p50 ms", "p99 ms",
                   "p99.9 ms", "errors", "RSS MB before → after"], rows))
        say("")
    if http_results:
        say("wrk runs on the same cores as the server.")
        if errors_total:
            say("")
            say(f"HTTP ERRORS: {errors_total} failed requests (statuses ≥ 400 or socket "
                "errors); every request should succeed.")

    say("")
    say("## Growth")
    say("")
    rows = [[row["collection"], f"{row['documents']:,}", megabytes(row["index_bytes"]),
             number(row["plain_p50_ms"]), number(row["plain_p99_ms"]),
             number(row["faceted_p50_ms"]), number(row["faceted_p99_ms"]),
             number(row["indexing_docs_per_s"], 0)]
            for row in map(growth_row, results)]
    say(table(["collection", "documents", "index MB", "top 10 p50 ms", "top 10 p99 ms",
               "faceted p50 ms", "faceted p99 ms", "indexing docs/s"], rows))
    if skipped:
        say("")
        say("## Not measured")
        say("")
        out.extend(f"- {line}" for line in skipped)
    return "\n".join(out) + "\n"


def suggest_method(results):
    for result in results:
        suggest = result["latency"]["suggest"]
        if suggest:
            return (f"Suggest = `bench queries --suggest`: every prefix of the queries from 2 "
                    f"characters on ({suggest['queries']:,} prefixes), timed rounds: "
                    f"{suggest['repeat']}. ")
    return ""


def anchor_versions(results):
    """`Xapian 1.4.22, SQLite 3.40.1.` from the anchors' results files."""
    names = []
    for system, label, key in (("xapian", "Xapian", "xapian"), ("fts5", "SQLite", "sqlite")):
        version = next((dig(result[system], "versions", key) for result in results
                        if dig(result[system], "versions", key)), None)
        if version:
            names.append(f"{label} {version}")
    return ", ".join(names) + "." if names else ""


def repeat_queries(results):
    for result in results:
        if result["latency"]["plain"]:
            return result["latency"]["plain"]["queries"]
    return "?"


# ---------------------------------------------------------------------------- main

def write_growth(work, rows):
    with open(os.path.join(work, "growth.json"), "w", encoding="utf-8") as file:
        json.dump(rows, file, indent=1)
    with open(os.path.join(work, "growth.tsv"), "w", encoding="utf-8") as file:
        file.write("\t".join(GROWTH_COLUMNS) + "\n")
        for row in rows:
            file.write("\t".join("" if row[column] is None else str(row[column])
                                 for column in GROWTH_COLUMNS) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", required=True, help="the work directory of performance.sh")
    parser.add_argument("collections", nargs="+", help="the collections measured (SIZES)")
    arguments = parser.parse_args()
    work = arguments.work
    machine = read_json(os.path.join(work, "machine.json")) or {}
    skipped = (read_text(os.path.join(work, "skipped.txt")) or "").splitlines()
    results = sorted((collection(work, name) for name in arguments.collections),
                     key=lambda result: result["documents"])
    repeat = next((result["latency"]["plain"]["repeat"] for result in results
                   if result["latency"]["plain"]), "?")
    rows = [growth_row(result) for result in results]
    write_growth(work, rows)
    with open(os.path.join(work, "results.json"), "w", encoding="utf-8") as file:
        json.dump({"machine": machine, "skipped": skipped, "collections": results,
                   "ratios": {result["collection"]: [
                       {"ratio": what, "value": value, "target": target, "met": met}
                       for what, value, target, met in ratios(result)] for result in results},
                   "growth": rows}, file, ensure_ascii=False, indent=1)
    sys.stdout.write(summary(machine, results, skipped, repeat))


if __name__ == "__main__":
    main()
