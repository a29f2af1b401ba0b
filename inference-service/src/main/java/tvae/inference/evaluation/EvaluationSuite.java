package tvae.inference.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tvae.data.CorpusItem;
import tvae.data.Datasets;
import tvae.data.PreparedDataset;
import tvae.data.Split;
import tvae.decode.DecodeBatcher;
import tvae.decode.VaeModel;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.events.SampleDecoded;
import tvae.events.SampleKind;
import tvae.inference.serving.ModelServer;
import tvae.inference.serving.ModelSwapped;
import tvae.inference.serving.SampleSink;
import tvae.inference.serving.SyntaxJudge;
import tvae.quality.LinePair;
import tvae.quality.EditPlan;
import tvae.quality.ProbeSet;
import tvae.quality.SeedScore;
import tvae.syntax.PythonSyntaxChecker;

/**
 * What every newly served checkpoint is measured on, published for the evaluator: reconstructions of held-out items,
 * an interpolation grid over held-out pairs at the default ratios, the latent codes of the labelled probe set, and
 * semantic edits learnt from those codes ({@link EditPlan}).
 * Sample ids are deterministic (checkpoint, kind, item, ratio), so running the suite again after a restart publishes
 * the same samples, which the evaluator recognises instead of counting twice.
 */
@ApplicationScoped
public class EvaluationSuite {
    private static final Logger LOG = Logger.getLogger(EvaluationSuite.class);

    @Inject
    ModelServer server;

    @Inject
    SampleSink samples;

    @Inject
    ProbeLatentsSink probes;

    @Inject
    SyntaxJudge syntax;

    @ConfigProperty(name = "tvae.data-cache")
    Path dataCache;

    /** {@code tvae.evaluation.*}, documented in application.properties. */
    @ConfigMapping(prefix = "tvae.evaluation")
    public interface Settings {
        /** False on all replicas but one: the suite's samples are the same wherever it runs, so once is enough. */
        boolean enabled();

        int reconstructions();

        int pairs();

        int probeItems();

        /** Inputs moved per ordered pair of labels ({@link EditPlan}). */
        @WithDefault("" + EditPlan.EDITS_PER_PAIR)
        int editsPerPair();

        /** The beam of the guided edits of Python lines. */
        @WithDefault("" + EditPlan.GUIDED_BEAM_WIDTH)
        int editBeamWidth();
    }

    @Inject
    Settings settings;

    /** Probe texts encoded per device call. */
    private static final int PROBE_CHUNK = 64;
    /**
     * Probe items per event: about 1.3 MB of JSON at 385 latent floats an item (small's 5 tokens of 77), under the
     * 2 MiB a record may hold even before compression.
     */
    private static final int PROBE_PART_ITEMS = 400;
    /**
     * Edited points per decode job: like an interpolation grid, small enough that the device thread packs jobs into
     * its batches and serves waiting requests in between.
     */
    private static final int EDIT_CHUNK = 12;

    @Inject
    DecodeBatcher decoder;

    void onSwap(@ObservesAsync ModelSwapped swapped) {
        if (!settings.enabled()) {
            return;
        }
        CheckpointPublished checkpoint = swapped.checkpoint();
        try (ModelServer.Lease lease = server.lease()) {
            if (!lease.checkpointId().equals(checkpoint.checkpointId())) {
                return; // already replaced: the newer one gets its own suite
            }
            long started = System.nanoTime();
            JsonNode datasetNode = checkpoint.manifest().path("dataset");
            if (datasetNode.isMissingNode()) {
                LOG.warnf("checkpoint %s names no dataset in its manifest: no evaluation suite", checkpoint.checkpointId());
                return;
            }
            DatasetSpec spec = EventJson.mapper().treeToValue(datasetNode, DatasetSpec.class);
            PreparedDataset data = Datasets.prepare(spec, dataCache);
            List<CorpusItem> heldOut = data.corpus().items(Split.TEST);
            int published = reconstruct(lease, checkpoint, spec, heldOut) + interpolate(lease, checkpoint, spec, heldOut);
            PythonSyntaxChecker labeller = data.kind() == DatasetKind.PYTHON_LINES ? syntax.checker() : null;
            List<CorpusItem> labelled = ProbeSet.of(data, labeller).stream().limit(settings.probeItems()).toList();
            float[][][] codes = encode(lease, labelled);
            int probed = probe(checkpoint, data, labelled, codes);
            if (EditPlan.judged(data.kind())) {
                published += edit(lease, checkpoint, spec, labelled, codes);
            }
            LOG.infof("evaluation suite of %s: %d samples, %d probe items in %.1f s", checkpoint.checkpointId(), published,
                    probed, (System.nanoTime() - started) / 1e9);
        } catch (Exception e) {
            LOG.errorf(e, "evaluation suite of %s failed", checkpoint.checkpointId());
        }
    }

    private int reconstruct(ModelServer.Lease lease, CheckpointPublished checkpoint, DatasetSpec spec, List<CorpusItem> heldOut) {
        List<String> sources = heldOut.stream().limit(settings.reconstructions()).map(CorpusItem::text).toList();
        VaeModel model = lease.model();
        float[][][] latents = decoder.call(() -> model.encode(sources)).join();
        List<String> decoded = decoder.decode(model, latents, DecodingOptions.greedy()).join();
        List<SampleDecoded> batch = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            batch.add(SampleDecoded.of(checkpoint.checkpointId() + "/reconstruction/" + i, checkpoint.checkpointId(),
                    checkpoint.runId(), spec.kind().wireName(), SampleKind.RECONSTRUCTION, null, null, null, null,
                    sources.get(i), decoded.get(i)));
        }
        samples.publish(batch);
        return batch.size();
    }

    /** The seed score's pairs ({@link SeedScore#heldOutPairs}) at the default ratios: fixed, so checkpoints compare. */
    private int interpolate(ModelServer.Lease lease, CheckpointPublished checkpoint, DatasetSpec spec, List<CorpusItem> heldOut) {
        List<LinePair> linePairs = SeedScore.heldOutPairs(heldOut.stream().map(CorpusItem::text).toList(), settings.pairs());
        double[] ratios = InterpolationRequested.defaultRatios();
        List<CompletableFuture<List<String>>> grids = new ArrayList<>();
        for (LinePair pair : linePairs) {   // all pairs queued at once: the device thread decodes them in shared batches
            grids.add(decoder.interpolate(lease.model(), pair.a(), pair.b(), ratios, DecodingOptions.greedy()));
        }
        List<SampleDecoded> batch = new ArrayList<>();
        for (int p = 0; p < linePairs.size(); p++) {
            List<String> decoded = grids.get(p).join();
            String pairId = checkpoint.checkpointId() + "/pair/" + p;
            for (int r = 0; r < ratios.length; r++) {
                batch.add(SampleDecoded.of(pairId + "/" + ratios[r], checkpoint.checkpointId(), checkpoint.runId(),
                        spec.kind().wireName(), SampleKind.INTERPOLATION, ratios[r], pairId, linePairs.get(p).a(),
                        linePairs.get(p).b(), null, decoded.get(r)));
            }
        }
        samples.publish(batch);
        return batch.size();
    }

    /** The latent codes of {@code items}, encoded in chunks so that requests get the device in between. */
    private float[][][] encode(ModelServer.Lease lease, List<CorpusItem> items) {
        VaeModel model = lease.model();
        float[][][] codes = new float[items.size()][][];
        for (int from = 0; from < items.size(); from += PROBE_CHUNK) {
            List<String> chunk = items.subList(from, Math.min(items.size(), from + PROBE_CHUNK)).stream().map(CorpusItem::text).toList();
            float[][][] latents = decoder.call(() -> model.encode(chunk)).join();
            System.arraycopy(latents, 0, codes, from, latents.length);
        }
        return codes;
    }

    private int probe(CheckpointPublished checkpoint, PreparedDataset data, List<CorpusItem> labelled, float[][][] codes) {
        if (labelled.isEmpty()) {
            return 0;
        }
        List<ProbeItem> items = ProbeSet.items(labelled, codes);
        ProbeLatents.inParts(checkpoint.checkpointId(), checkpoint.runId(), ProbeSet.name(data), items, PROBE_PART_ITEMS)
                .forEach(probes::publish);
        return items.size();
    }

    /** Every planned edit decoded in each of the dataset's decodings, published as EDIT samples for the evaluator to judge. */
    private int edit(ModelServer.Lease lease, CheckpointPublished checkpoint, DatasetSpec spec, List<CorpusItem> labelled,
                     float[][][] codes) {
        List<EditPlan.Edit> edits = EditPlan.of(labelled, codes, settings.editsPerPair());
        if (edits.isEmpty()) {
            return 0;
        }
        int published = 0;
        for (DecodingStrategy decoding : EditPlan.decodings(spec.kind())) {
            DecodingOptions options = EditPlan.options(decoding, settings.editBeamWidth());
            List<CompletableFuture<List<String>>> parts = new ArrayList<>();
            for (int from = 0; from < edits.size(); from += EDIT_CHUNK) {   // all queued at once, in jobs the size of a grid
                float[][][] points = edits.subList(from, Math.min(edits.size(), from + EDIT_CHUNK)).stream()
                        .map(EditPlan.Edit::point).toArray(float[][][]::new);
                parts.add(decoder.decode(lease.model(), points, options));
            }
            List<String> decoded = parts.stream().flatMap(part -> part.join().stream()).toList();
            List<SampleDecoded> batch = new ArrayList<>();
            for (int i = 0; i < edits.size(); i++) {
                EditPlan.Edit edit = edits.get(i);
                batch.add(SampleDecoded.edit(checkpoint.checkpointId() + "/edit/" + edit.key() + "/" + decoding.wireName(),
                        checkpoint.checkpointId(), checkpoint.runId(), spec.kind().wireName(), edit.input(), edit.edit(),
                        decoding, decoded.get(i)));
            }
            samples.publish(batch);
            published += batch.size();
        }
        return published;
    }

}
