// Ranks judged queries in plain Lucene 8 as an OpenSearch cluster loaded with
// `trouvaille export --format opensearch` would: the exported analyzers, mapping, BM25 settings
// and records, and each query's `_search` body as queries.md writes it. It reads the replay that
// `trouvaille export --lucene-replay QUERIES` writes into DIR/lucene/ (file formats in
// indexer/src/export/opensearch/lucene_replay/) and prints a TREC run, `qid Q0 docid rank score
// tag`, to standard output. benches/opensearch_relevance.sh runs it:
//
//   CP=lucene-core-8.x.jar:lucene-analyzers-common-8.x.jar:lucene-misc-8.x.jar (Debian's, 8.8.1)
//   javac -d CLASSES -cp "$CP" tests/lucene/AnalyzeWithLucene.java benches/lucene/RankWithLucene.java
//   java -cp "$CP:CLASSES" RankWithLucene DIR/lucene TAG > run.txt
//
// Compiled with AnalyzeWithLucene.java, whose Chain builds each analyzer from analysis.tsv
// exactly as the parity test runs it. Each construct of the query DSL is built with the Lucene
// classes OpenSearch 1.x builds it with (server/src/main/java/org/opensearch/index/search/
// MatchQuery.java and MultiMatchQuery.java, index/similarity/SimilarityProviders.java); the
// comments at each say which.

import java.io.IOException;
import java.io.PrintStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarity.LegacyBM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;

public class RankWithLucene {
    /** The stored field holding each record's id, which the run names. */
    private static final String ID_FIELD = "_id";

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RankWithLucene REPLAY_DIR TAG > run.txt");
            System.exit(2);
        }
        Path replay = Path.of(args[0]);
        Mapping mapping = Mapping.read(replay.resolve("fields.tsv"), Chain.read(replay.resolve("analysis.tsv")));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            index(directory, mapping, replay.resolve("documents.tsv"));
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(mapping.similarity);
                Iterator<List<String>> lines = lines(replay.resolve("searches.tsv")).iterator();
                while (lines.hasNext()) search(searcher, mapping, lines, args[1], out);
            }
        }
        out.flush();
    }

    /** Every record of documents.tsv, each text field filled from its source fields. */
    static void index(ByteBuffersDirectory directory, Mapping mapping, Path documents) throws IOException {
        // Every text field has its analyzer: the wrapper's default is never used.
        Analyzer analyzers = new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), mapping.indexAnalyzers());
        IndexWriterConfig config = new IndexWriterConfig(analyzers).setSimilarity(mapping.similarity);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (List<String> record : lines(documents)) {
                Map<String, List<String>> values = new HashMap<>();
                for (int i = 1; i + 1 < record.size(); i += 2) {
                    values.computeIfAbsent(record.get(i), source -> new ArrayList<>()).add(record.get(i + 1));
                }
                Document document = new Document();
                document.add(new StoredField(ID_FIELD, record.get(0)));
                for (MappedField field : mapping.fields.values()) {
                    for (String source : field.sources) {
                        for (String value : values.getOrDefault(source, List.of())) {
                            document.add(new TextField(field.name, value, Field.Store.NO));
                        }
                    }
                }
                writer.addDocument(document);
            }
        }
    }

    /** Runs the search whose `search` line comes next and prints its hits as run lines. */
    static void search(IndexSearcher searcher, Mapping mapping, Iterator<List<String>> lines, String tag, PrintStream out)
            throws IOException {
        List<String> head = lines.next();
        if (!head.get(0).equals("search")) throw new IllegalArgumentException("not a search line: " + head);
        String queryId = head.get(1);
        int from = Integer.parseInt(head.get(2));
        int size = Integer.parseInt(head.get(3));
        Query query = new DslQuery(mapping, lines).read();
        ScoreDoc[] hits = searcher.search(query, from + size).scoreDocs;
        // trec_eval orders by score, ties by descending id: a score equal to the one above is
        // written a hair below it, so the run keeps Lucene's order, as `trouvaille eval` does
        // with its own (indexer/src/evaluation/search_run.rs).
        double previous = Double.POSITIVE_INFINITY;
        for (int rank = from; rank < hits.length; rank++) {
            double score = Math.min(hits[rank].score, Math.nextDown(previous));
            previous = score;
            String id = searcher.doc(hits[rank].doc).get(ID_FIELD);
            out.println(queryId + " Q0 " + id + " " + (rank - from + 1) + " " + score + " " + tag);
        }
    }

    /** The lines of a replay file, split at tabs, each field unescaped. */
    static List<List<String>> lines(Path file) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            List<String> fields = new ArrayList<>();
            for (String field : line.split("\t", -1)) fields.add(Chain.unescape(field));
            lines.add(fields);
        }
        return lines;
    }
}

/** One searchable text field of the mapping. */
class MappedField {
    final String name;
    final Analyzer indexAnalyzer;
    final Analyzer searchAnalyzer;
    /** The record fields its values come from: its own, its parent's, those copied to it. */
    final List<String> sources;

    MappedField(String name, Analyzer indexAnalyzer, Analyzer searchAnalyzer, List<String> sources) {
        this.name = name;
        this.indexAnalyzer = indexAnalyzer;
        this.searchAnalyzer = searchAnalyzer;
        this.sources = sources;
    }
}

/** fields.tsv: the similarity and the text fields. */
@SuppressWarnings("deprecation") // LegacyBM25Similarity: deprecated in Lucene 8, OpenSearch 1.x's BM25
class Mapping {
    LegacyBM25Similarity similarity;
    final Map<String, MappedField> fields = new LinkedHashMap<>();

    static Mapping read(Path file, Map<String, Chain> analyzers) throws IOException {
        Mapping mapping = new Mapping();
        for (List<String> line : RankWithLucene.lines(file)) {
            switch (line.get(0)) {
                // OpenSearch 1.x builds its BM25 as LegacyBM25Similarity, whose scores are
                // BM25Similarity's times (k1 + 1): the same ranking, the cluster's scores.
                case "similarity" -> mapping.similarity =
                        new LegacyBM25Similarity(Float.parseFloat(line.get(2)), Float.parseFloat(line.get(3)));
                case "field" -> mapping.fields.put(line.get(1), new MappedField(line.get(1),
                        analyzer(analyzers, line.get(2)), analyzer(analyzers, line.get(3)), line.subList(4, line.size())));
                default -> throw new IllegalArgumentException(file + ": " + line);
            }
        }
        if (mapping.similarity == null) throw new IllegalArgumentException(file + ": no similarity line");
        return mapping;
    }

    private static Analyzer analyzer(Map<String, Chain> analyzers, String name) {
        Chain analyzer = analyzers.get(name);
        if (analyzer == null) throw new IllegalArgumentException("no analyzer " + name + " in analysis.tsv");
        return analyzer;
    }

    Map<String, Analyzer> indexAnalyzers() {
        Map<String, Analyzer> analyzers = new HashMap<>();
        for (MappedField field : fields.values()) analyzers.put(field.name, field.indexAnalyzer);
        return analyzers;
    }

    MappedField field(String name) {
        MappedField field = fields.get(name);
        // OpenSearch skips an unmapped field silently; here it is an export to fix.
        if (field == null) throw new IllegalArgumentException("the query names the unmapped field " + name);
        return field;
    }
}

/** A query clause of searches.tsv and the clauses below it, as Lucene queries. */
class DslQuery {
    private final Mapping mapping;
    private final Iterator<List<String>> lines;

    DslQuery(Mapping mapping, Iterator<List<String>> lines) {
        this.mapping = mapping;
        this.lines = lines;
    }

    Query read() {
        List<String> line = lines.next();
        return switch (line.get(0)) {
            case "bool" -> bool(line);
            case "multi_match" -> multiMatch(line);
            case "match_all" -> new MatchAllDocsQuery();
            default -> throw new IllegalArgumentException("not a query clause: " + line);
        };
    }

    /** `bool`: a BooleanQuery of its must, then should clauses (BoolQueryBuilder.doToQuery). */
    private Query bool(List<String> line) {
        int must = Integer.parseInt(line.get(1));
        int should = Integer.parseInt(line.get(2));
        BooleanQuery.Builder bool = new BooleanQuery.Builder();
        for (int i = 0; i < must; i++) bool.add(read(), Occur.MUST);
        for (int i = 0; i < should; i++) bool.add(read(), Occur.SHOULD);
        if (!line.get(3).equals("-")) bool.setMinimumNumberShouldMatch(Integer.parseInt(line.get(3)));
        return bool.build();
    }

    /**
     * `multi_match` of type most_fields (MultiMatchQuery.parse): one `match` query per field,
     * boosted by the field's `^weight` unless it matches nothing, grouped in a
     * DisjunctionMaxQuery with tie_breaker 1 (most_fields' own), which sums the fields' scores.
     */
    private Query multiMatch(List<String> line) {
        String text = line.get(1);
        Occur operator = line.get(2).equals("and") ? Occur.MUST : Occur.SHOULD;
        String fuzziness = line.get(3);
        float boost = Float.parseFloat(line.get(4));
        List<Query> perField = new ArrayList<>();
        for (String weighted : line.subList(5, line.size())) {
            int caret = weighted.lastIndexOf('^');
            MappedField field = mapping.field(caret < 0 ? weighted : weighted.substring(0, caret));
            float fieldBoost = caret < 0 ? 1f : Float.parseFloat(weighted.substring(caret + 1));
            Query query = new MatchQueryBuilder(field.searchAnalyzer, fuzziness).createBooleanQuery(field.name, text, operator);
            // zero_terms_query `none`: a text that analysis empties (stopwords) matches nothing.
            if (query == null) query = new MatchNoDocsQuery();
            else if (fieldBoost != 1f) query = new BoostQuery(query, fieldBoost);
            perField.add(query);
        }
        Query grouped = perField.size() == 1 ? perField.get(0) : new DisjunctionMaxQuery(perField, 1f);
        return boost == 1f ? grouped : new BoostQuery(grouped, boost);
    }
}

/**
 * A `match` query on one field (MatchQuery.MatchQueryBuilder): Lucene's QueryBuilder over the
 * field's search analyzer, a term per token; with `fuzziness`, a FuzzyQuery per token instead
 * (StringFieldType.fuzzyQuery: prefix_length 0, max_expansions 50, transpositions on, Lucene's
 * own top-terms blended rewrite).
 */
class MatchQueryBuilder extends QueryBuilder {
    private final String fuzziness;

    MatchQueryBuilder(Analyzer analyzer, String fuzziness) {
        super(analyzer);
        this.fuzziness = fuzziness;
        // auto_generate_synonyms_phrase_query defaults to true: a multi-word synonym is a phrase.
        setAutoGenerateMultiTermSynonymsPhraseQuery(true);
    }

    @Override
    protected Query newTermQuery(Term term, float boost) {
        if (fuzziness.equals("-")) return new TermQuery(term);
        return new FuzzyQuery(term, edits(term.text()), 0, 50, true);
    }

    /**
     * Fuzziness.asDistance: `AUTO:low,high` allows no edit below `low` characters of the
     * analyzed term, one below `high`, two from there (`AUTO` is 3,6); a number is that many.
     */
    private int edits(String term) {
        String value = fuzziness.toUpperCase(Locale.ROOT);
        if (!value.startsWith("AUTO")) return Math.min(2, (int) Float.parseFloat(value));
        int[] limits = value.equals("AUTO") ? new int[] {3, 6}
                : Arrays.stream(value.substring("AUTO:".length()).split(",")).mapToInt(Integer::parseInt).toArray();
        int length = term.codePointCount(0, term.length());
        return length < limits[0] ? 0 : length < limits[1] ? 1 : 2;
    }
}
