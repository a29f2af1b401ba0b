package tvae.deploy.cli;

import java.util.List;
import tvae.data.CorpusItem;
import tvae.data.PreparedDataset;
import tvae.decode.VaeModel;
import tvae.quality.ProbeSet;
import tvae.syntax.PythonSyntaxChecker;

/**
 * The labelled held-out items of the probe set ({@link ProbeSet}) with their latent codes, encoded once for what reads
 * them: the latent probe ({@link LatentProbeReport}) and the semantic edits ({@link EditReport}), as in the evaluation
 * suite.
 */
record LabelledCodes(String probeSet, List<CorpusItem> items, float[][][] codes) {
    /** Items encoded per call: the evaluation suite's chunk; 2 000 digits at once would not fit in memory. */
    private static final int CHUNK = 64;

    /** The first {@code maxItems} labelled held-out items; {@code syntax} labels Python lines (null otherwise). */
    static LabelledCodes encode(VaeModel model, PreparedDataset data, int maxItems, PythonSyntaxChecker syntax) {
        List<CorpusItem> labelled = ProbeSet.of(data, syntax).stream().limit(maxItems).toList();
        float[][][] codes = new float[labelled.size()][][];
        for (int from = 0; from < labelled.size(); from += CHUNK) {
            float[][][] chunk = model.encode(labelled.subList(from, Math.min(labelled.size(), from + CHUNK)).stream()
                    .map(CorpusItem::text).toList());
            System.arraycopy(chunk, 0, codes, from, chunk.length);
        }
        return new LabelledCodes(ProbeSet.name(data), labelled, codes);
    }
}
