package tvae.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe set of design §6: each WordNet synset's gloss, labelled with its lexicographer file ({@code noun.animal},
 * {@code verb.motion}, ...), read from the database files {@code data.noun}, {@code data.verb}, {@code data.adj},
 * {@code data.adv} (Debian's {@code wordnet-base} puts them in {@code /usr/share/wordnet}). A synset line carries its
 * lexicographer file number as the second field and its gloss after {@code " | "}; the gloss is cut to its first
 * definition (examples and further senses follow a {@code ;}) and capped in length at a word boundary.
 */
public final class WordNetGlosses {
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/wordnet");
    public static final int DEFAULT_MAX_CHARS = 100;
    private static final List<String> DATA_FILES = List.of("data.noun", "data.verb", "data.adj", "data.adv");

    /**
     * The lexicographer file names by number, as lexnames(5WN) of WordNet 3.0 lists them; Debian ships no
     * {@code lexnames} file, so a directory that has one (e.g. NLTK's copy) overrides this list.
     */
    private static final List<String> LEXNAMES_3_0 = List.of("adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act",
            "noun.animal", "noun.artifact", "noun.attribute", "noun.body", "noun.cognition", "noun.communication",
            "noun.event", "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
            "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process", "noun.quantity",
            "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change",
            "verb.cognition", "verb.communication", "verb.competition", "verb.consumption", "verb.contact",
            "verb.creation", "verb.emotion", "verb.motion", "verb.perception", "verb.possession", "verb.social",
            "verb.stative", "verb.weather", "adj.ppl");

    private WordNetGlosses() {
    }

    /** The WordNet database directory: {@code $WNSEARCHDIR} (WordNet's own variable) when set, else Debian's. */
    public static Path defaultDirectory() {
        String configured = System.getenv("WNSEARCHDIR");
        return configured == null || configured.isBlank() ? DEBIAN_DIRECTORY : Path.of(configured);
    }

    /** Whether {@code directory} looks like a WordNet database (has {@code data.noun}). */
    public static boolean isDatabase(Path directory) {
        return Files.isRegularFile(directory.resolve("data.noun"));
    }

    /** Every synset's cleaned gloss with its lexicographer file as label, in file order. */
    public static List<CorpusItem> read(Path directory, int maxChars) throws IOException {
        if (!isDatabase(directory)) {
            throw new IOException("no WordNet database in " + directory + " (data.noun missing); install the Debian"
                    + " package wordnet-base (deploy/setup.sh does) or set WNSEARCHDIR");
        }
        List<String> lexnames = lexnames(directory);
        List<CorpusItem> items = new ArrayList<>();
        for (String name : DATA_FILES) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) {
                readDataFile(file, lexnames, maxChars, items);
            }
        }
        return items;
    }

    private static void readDataFile(Path file, List<String> lexnames, int maxChars, List<CorpusItem> into)
            throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.startsWith("  ") || line.isBlank()) {
                    continue; // the licence header: every line of it starts with two spaces
                }
                int bar = line.indexOf(" | ");
                String[] fields = line.split(" ", 3);
                if (bar < 0 || fields.length < 3) {
                    throw new IOException(file + " line " + lineNumber + " is not a WordNet synset line");
                }
                int lexFile = parseLexFile(fields[1], file, lineNumber);
                if (lexFile >= lexnames.size()) {
                    throw new IOException(file + " line " + lineNumber + ": lexicographer file " + lexFile + " is unknown");
                }
                String gloss = firstDefinition(line.substring(bar + 3), maxChars);
                if (!gloss.isEmpty()) {
                    into.add(new CorpusItem(gloss, lexnames.get(lexFile)));
                }
            }
        }
    }

    private static int parseLexFile(String field, Path file, int lineNumber) throws IOException {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + lineNumber + ": lexicographer file number '" + field + "' is not a number");
        }
    }

    /**
     * The first definition of a gloss ({@code "a dog; "my dog barks""} gives {@code a dog}), whitespace collapsed, at
     * most {@code maxChars} long, cut at the last word boundary that fits.
     */
    public static String firstDefinition(String gloss, int maxChars) {
        int semicolon = gloss.indexOf(';');
        String definition = (semicolon >= 0 ? gloss.substring(0, semicolon) : gloss).replaceAll("\\s+", " ").strip();
        if (definition.startsWith("\"")) {
            return ""; // a gloss that is only an example sentence has no definition to learn
        }
        if (definition.length() <= maxChars) {
            return definition;
        }
        int space = definition.lastIndexOf(' ', maxChars);
        return (space > 0 ? definition.substring(0, space) : definition.substring(0, maxChars)).strip();
    }

    private static List<String> lexnames(Path directory) throws IOException {
        Path file = directory.resolve("lexnames");
        if (!Files.isRegularFile(file)) {
            return LEXNAMES_3_0;
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2 && fields[0].matches("\\d{1,3}")) {
                int number = Integer.parseInt(fields[0]);
                while (names.size() <= number) {
                    names.add(null);
                }
                names.set(number, fields[1]);
            }
        }
        return names;
    }
}
