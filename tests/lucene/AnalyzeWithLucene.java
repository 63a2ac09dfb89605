// Runs analysis chains exported for OpenSearch in plain Lucene 8, for the parity test
// (tests/lucene_parity.rs). One file, run in single-file source mode (JDK 17 or later):
//
//   CP=/usr/share/maven-repo/org/apache/lucene/lucene-core/8.x/lucene-core-8.x.jar:\
//      /usr/share/maven-repo/org/apache/lucene/lucene-analyzers-common/8.x/lucene-analyzers-common-8.x.jar
//   java -cp "$CP" tests/lucene/AnalyzeWithLucene.java tokens CHAIN.tsv ANALYZER... < LINES
//
// `tokens` prints, for each line of standard input, one JSON object mapping each ANALYZER to its
// tokens: {"exact":[{"term":"etat","position":0}, …], …}. Positions count from 0 and keep the
// gaps a removed token leaves, as an index records them; a token spanning several positions (a
// synonym standing for several words, in a token graph) also has a "length".
//
// CHAIN.tsv describes analyzers with the components OpenSearch builds from index.json, one per
// line, fields separated by tabs (the JDK has no JSON parser; the Rust test writes this file from
// the parsed index.json). Each `analyzer` line starts a chain; the others add to it, in order:
//
//   analyzer     NAME
//   char_filter  mapping          RULE…            OpenSearch "mappings" rules (`a => b`)
//   char_filter  pattern_replace  PATTERN  REPLACEMENT
//   tokenizer    standard
//   filter       lowercase | asciifolding
//   filter       elision          ARTICLE…
//   filter       stop             WORD…
//   filter       stemmer          french|light_french|minimal_french
//   filter       synonym_graph    true|false (expand)  SOLR_RULE…
//
// Components are Lucene's classes, built as OpenSearch builds them: synonym rules, in particular,
// are parsed through the chain before the synonym filter (char filters included).
// benches/lucene/RankWithLucene.java, which ranks queries over documents indexed with these
// analyzers, is compiled with this file and builds its analyzers with the same Chain class.

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.tartarus.snowball.ext.FrenchStemmer;

public class AnalyzeWithLucene {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !args[0].equals("tokens")) {
            System.err.println("usage: AnalyzeWithLucene tokens CHAIN.tsv ANALYZER... < LINES");
            System.exit(2);
        }
        Map<String, Chain> chains = Chain.read(Path.of(args[1]));
        List<String> names = Arrays.asList(args).subList(2, args.length);
        List<Chain> analyzers = new ArrayList<>();
        for (String name : names) {
            if (!chains.containsKey(name)) throw new IllegalArgumentException("no analyzer " + name + " in " + args[1]);
            analyzers.add(chains.get(name));
        }
        printTokens(names, analyzers);
    }

    /** The `tokens` mode: one JSON object per line of standard input. */
    static void printTokens(List<String> names, List<Chain> analyzers) throws IOException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) fields.add(json(names.get(i)) + ":" + tokensJson(analyzers.get(i), line));
            out.println("{" + String.join(",", fields) + "}");
        }
        out.flush();
    }

    /** The tokens of `text` as a JSON array of {"term", "position"}. */
    static String tokensJson(Analyzer analyzer, String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute length = stream.addAttribute(PositionLengthAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                String span = length.getPositionLength() == 1 ? "" : ",\"length\":" + length.getPositionLength();
                tokens.add("{\"term\":" + json(term.toString()) + ",\"position\":" + position + span + "}");
            }
            stream.end();
        }
        return "[" + String.join(",", tokens) + "]";
    }

    static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') quoted.append('\\').append(c);
            else if (c < 0x20) quoted.append(String.format("\\u%04x", (int) c));
            else quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}

/** One analyzer of CHAIN.tsv: char filters, the standard tokenizer, token filters. */
class Chain extends Analyzer {
    private final List<UnaryOperator<Reader>> charFilters = new ArrayList<>();
    private final List<UnaryOperator<TokenStream>> filters = new ArrayList<>();

    /** The analyzers of a chain file, by name, in file order. */
    static Map<String, Chain> read(Path file) throws IOException, ParseException {
        Map<String, Chain> chains = new LinkedHashMap<>();
        Chain chain = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) continue;
            List<String> fields = Arrays.asList(line.split("\t", -1));
            if (fields.get(0).equals("analyzer")) {
                chain = new Chain();
                chains.put(fields.get(1), chain);
            } else if (chain == null) {
                throw new IllegalArgumentException(file + ": a component before any analyzer line");
            } else {
                chain.add(fields.get(0), fields.get(1), fields.subList(2, fields.size()));
            }
        }
        return chains;
    }

    private void add(String component, String kind, List<String> arguments) throws IOException, ParseException {
        switch (component) {
            case "char_filter" -> charFilters.add(charFilter(kind, arguments));
            case "tokenizer" -> {
                if (!kind.equals("standard")) throw new IllegalArgumentException("tokenizer " + kind);
            }
            case "filter" -> filters.add(filter(kind, arguments));
            default -> throw new IllegalArgumentException("component " + component);
        }
    }

    private static UnaryOperator<Reader> charFilter(String kind, List<String> arguments) {
        switch (kind) {
            case "mapping": {
                NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
                for (String rule : arguments) addMappingRule(rule, map);
                NormalizeCharMap built = map.build();
                return reader -> new MappingCharFilter(built, reader);
            }
            case "pattern_replace": {
                Pattern pattern = Pattern.compile(arguments.get(0));
                String replacement = arguments.get(1);
                return reader -> new PatternReplaceCharFilter(pattern, replacement, reader);
            }
            default:
                throw new IllegalArgumentException("char_filter " + kind);
        }
    }

    private UnaryOperator<TokenStream> filter(String kind, List<String> arguments) throws IOException, ParseException {
        return switch (kind) {
            case "lowercase" -> LowerCaseFilter::new;
            case "asciifolding" -> ASCIIFoldingFilter::new;
            case "elision" -> stream -> new ElisionFilter(stream, new CharArraySet(arguments, false));
            case "stop" -> stream -> new StopFilter(stream, new CharArraySet(arguments, false));
            case "stemmer" -> switch (arguments.get(0)) {
                case "french" -> stream -> new SnowballFilter(stream, new FrenchStemmer());
                case "light_french" -> FrenchLightStemFilter::new;
                case "minimal_french" -> FrenchMinimalStemFilter::new;
                default -> throw new IllegalArgumentException("stemmer " + arguments.get(0));
            };
            case "synonym_graph" -> {
                SynonymMap synonyms = synonymMap(Boolean.parseBoolean(arguments.get(0)), arguments.subList(1, arguments.size()));
                yield stream -> new SynonymGraphFilter(stream, synonyms, false);
            }
            default -> throw new IllegalArgumentException("filter " + kind);
        };
    }

    /** Solr rules parsed as OpenSearch parses them: through a copy of the chain so far. */
    private SynonymMap synonymMap(boolean expand, List<String> rules) throws IOException, ParseException {
        Chain soFar = new Chain();
        soFar.charFilters.addAll(charFilters);
        soFar.filters.addAll(filters);
        SolrSynonymParser parser = new SolrSynonymParser(true, expand, soFar);
        parser.parse(new StringReader(String.join("\n", rules)));
        return parser.build();
    }

    /** OpenSearch's MappingCharFilterFactory syntax: `source => target`, trimmed, with escapes. */
    private static void addMappingRule(String rule, NormalizeCharMap.Builder map) {
        Matcher sides = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$").matcher(rule);
        if (!sides.find()) throw new IllegalArgumentException("mapping rule " + rule);
        map.add(unescape(sides.group(1).trim()), unescape(sides.group(2).trim()));
    }

    /**
     * Backslash escapes decoded: OpenSearch's in mapping rules, and the `\\`, `\t`, `\n`, `\r` of
     * the exporter's replay files.
     */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                c = text.charAt(++i);
                switch (c) {
                    case 'n' -> c = '\n';
                    case 't' -> c = '\t';
                    case 'r' -> c = '\r';
                    case 'b' -> c = '\b';
                    case 'f' -> c = '\f';
                    case 'u' -> {
                        c = (char) Integer.parseInt(text.substring(i + 1, i + 5), 16);
                        i += 4;
                    }
                    default -> { } // `\\` and any other escaped character stand for themselves
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** OpenSearch's position_increment_gap of text fields: no phrase spans two values (tags). */
    @Override
    public int getPositionIncrementGap(String field) {
        return 100;
    }

    @Override
    protected Reader initReader(String field, Reader reader) {
        for (UnaryOperator<Reader> charFilter : charFilters) reader = charFilter.apply(reader);
        return reader;
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
        Tokenizer tokenizer = new StandardTokenizer();
        TokenStream stream = tokenizer;
        for (UnaryOperator<TokenStream> filter : filters) stream = filter.apply(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
