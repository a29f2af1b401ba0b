package tvae.data;

/** One sequence to learn: a text line, or a digit written as text, with its class label when the data has one. */
public record CorpusItem(String text, String label) {
    public CorpusItem {
        if (text == null) {
            throw new IllegalArgumentException("a corpus item needs a text");
        }
    }

    public static CorpusItem unlabelled(String text) {
        return new CorpusItem(text, null);
    }
}
