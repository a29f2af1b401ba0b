package tvae.tokenize;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a sequence (a line of Python, a short text, a digit written as pixels) into token ids and back.
 * Every implementation round-trips exactly: {@code decode(encode(s)).equals(s)} for any well-formed text; a lone
 * UTF-16 surrogate is not text and comes back as U+FFFD ({@link WellFormedText}).
 * Ids {@link #padId()}, {@link #bosId()} and {@link #eosId()} are reserved and never produced for content.
 */
public interface Tokenizer extends AutoCloseable {

    /** Content token ids, without BOS/EOS. */
    int[] encode(String text);

    /** Inverse of {@link #encode}; special ids (pad, bos, eos) are skipped. */
    String decode(int[] ids);

    int vocabSize();

    /** Every tokenizer here reserves the first three ids, so batches and models treat them alike. */
    default int padId() {
        return 0;
    }

    default int bosId() {
        return 1;
    }

    default int eosId() {
        return 2;
    }

    /** Its saved form: everything needed to rebuild it. */
    TokenizerFiles files();

    /** Writes everything needed to rebuild this tokenizer into {@code directory}. */
    default void save(Path directory) throws IOException {
        files().writeTo(directory);
    }

    /** sha256 of the saved form: two tokenizers with the same hash encode identically. */
    default String sha256() {
        return files().sha256();
    }

    /** Frees native resources where an implementation has them; whoever created the tokenizer closes it. */
    @Override
    default void close() {
    }
}
