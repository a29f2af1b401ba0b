package tvae.quality;

import java.util.ArrayList;
import java.util.List;
import tvae.data.CorpusItem;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.decode.LatentArrays;
import tvae.events.DatasetKind;
import tvae.events.ProbeItem;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.Verdict;

/**
 * The labelled held-out items whose latent codes the SVM probe learns from (the evaluation suite's and
 * {@code tvae train|score}'s: one set, so their numbers compare). Labelled data (probe texts, digits)
 * brings its own labels; Python lines are labelled with their statement kind as CPython's parser names it
 * (Assign, Return, If, Import, ...: {@link Verdict#statement}), which asks of the latent space what the seed's news categories asked of text.
 */
public final class ProbeSet {
    private ProbeSet() {
    }

    /** The labelled held-out items; {@code syntax} labels Python lines and may be null for any other data. */
    public static List<CorpusItem> of(PreparedDataset data, PythonSyntaxChecker syntax) {
        List<CorpusItem> heldOut = data.corpus().items(Split.TEST);
        if (data.kind() != DatasetKind.PYTHON_LINES) {
            return heldOut.stream().filter(item -> item.label() != null).toList();
        }
        List<Verdict> verdicts = syntax.checkAll(heldOut.stream().map(CorpusItem::text).toList());
        List<CorpusItem> labelled = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            String kind = verdicts.get(i).statement();
            if (kind != null && !kind.isEmpty()) {
                labelled.add(new CorpusItem(heldOut.get(i).text(), kind));
            }
        }
        return labelled;
    }

    /** What the probe reads: each labelled item with its latent codes ({@code codes[i]}: item i's, (L, d_latent)) flattened. */
    public static List<ProbeItem> items(List<CorpusItem> labelled, float[][][] codes) {
        List<ProbeItem> items = new ArrayList<>(labelled.size());
        for (int i = 0; i < labelled.size(); i++) {
            items.add(new ProbeItem(labelled.get(i).text(), labelled.get(i).label(), LatentArrays.flat(codes[i])));
        }
        return items;
    }

    public static String name(PreparedDataset data) {
        return data.kind() == DatasetKind.PYTHON_LINES ? "python-statement-kinds" : data.kind().wireName() + "-labels";
    }
}
