#!/usr/bin/env python3
"""Writes a large synthetic WordPress export (WXR 1.2) from real French text, deterministically.

Used to check that importing stays flat in memory whatever the size of the export:

    python3 benches/make_large_wxr.py --size-mb 1024 --out /tmp/large.wordpress.xml
    /usr/bin/time -v target/release/trouvaille --index /tmp/large-index index /tmp/large.wordpress.xml

Posts recombine the paragraphs of ../shared/bench/frdocs.jsonl.gz (5,148 French documents) with
new ids; one item in twenty is a draft or a revision, as in real exports.
"""
import argparse
import gzip
import json
import random
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Archive synthétique</title>
	<link>https://exemple.test</link>
	<language>fr-CA</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[redaction]]></wp:author_login><wp:author_display_name><![CDATA[Équipe de rédaction]]></wp:author_display_name></wp:author>
"""
FOOTER = "</channel>\n</rss>\n"


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def load_documents(corpus):
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def item(number, rng, documents):
    source = documents[rng.randrange(len(documents))]
    paragraphs = [p for p in source["body"].split("\n\n") if p.strip()]
    extra = documents[rng.randrange(len(documents))]["body"].split("\n\n")
    chosen = (paragraphs + extra)[: rng.randint(3, 12)]
    content = "\n".join(f"<!-- wp:paragraph -->\n<p>{escape(p)}</p>\n<!-- /wp:paragraph -->" for p in chosen)
    status = "draft" if number % 20 == 7 else "publish"
    post_type = "revision" if number % 20 == 13 else "post"
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    year = 2005 + (number // 336) % 20
    categories = "".join(
        f'<category domain="category" nicename="c{i}"><![CDATA[{escape(c)}]]></category>'
        for i, c in enumerate(source.get("categories", [])[:2])
    )
    tags = "".join(
        f'<category domain="post_tag" nicename="t{i}"><![CDATA[{escape(t)}]]></category>'
        for i, t in enumerate(source.get("tags", [])[:3])
    )
    return f"""	<item>
		<title>{escape(source["title"])} ({number})</title>
		<link>https://exemple.test/?p={number}</link>
		<dc:creator><![CDATA[redaction]]></dc:creator>
		<content:encoded>{cdata(content)}</content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{number}</wp:post_id>
		<wp:post_date_gmt>{year:04}-{month:02}-{day:02} 12:00:00</wp:post_date_gmt>
		<wp:status>{status}</wp:status>
		<wp:post_type>{post_type}</wp:post_type>
		<wp:post_password></wp:post_password>
		{categories}{tags}
	</item>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    default_corpus = Path(__file__).resolve().parent.parent.parent / "shared/bench/frdocs.jsonl.gz"
    parser.add_argument("--corpus", type=Path, default=default_corpus)
    arguments = parser.parse_args()
    documents = load_documents(arguments.corpus)
    rng = random.Random(arguments.seed)
    limit = arguments.size_mb * 1024 * 1024
    written = 0
    number = 1
    with open(arguments.out, "w", encoding="utf-8") as out:
        written += out.write(HEADER)
        while written < limit:
            text = item(number, rng, documents)
            out.write(text)
            written += len(text.encode("utf-8"))
            number += 1
        out.write(FOOTER)
    print(f"{number - 1} items, {written / 1024 / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
