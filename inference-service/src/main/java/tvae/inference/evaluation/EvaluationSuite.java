package tvae.inference.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.config.ConfigMapping;
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
import tvae.decode.LatentArrays;
import tvae.decode.VaeModel;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetSpec;
import tvae.events.DecodingOptions;
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
import tvae.quality.SeedScore;

/**
 * What every newly served checkpoint is measured on, published for the evaluator: reconstructions of held-out items,
 * an interpolation grid over held-out pairs at the default ratios, and the latent codes of the labelled probe set.
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
        int reconstructions();

        int pairs();

        int probeItems();
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

    @Inject
    DecodeBatcher decoder;

    void onSwap(@ObservesAsync ModelSwapped swapped) {
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
            int probed = probe(lease, checkpoint, data);
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

    private int probe(ModelServer.Lease lease, CheckpointPublished checkpoint, PreparedDataset data) {
        List<CorpusItem> labelled = ProbeSet.of(data, syntax).stream().limit(settings.probeItems()).toList();
        if (labelled.isEmpty()) {
            return 0;
        }
        VaeModel model = lease.model();
        List<ProbeItem> items = new ArrayList<>();
        for (int from = 0; from < labelled.size(); from += PROBE_CHUNK) {   // chunks, so requests get the device in between
            List<CorpusItem> chunk = labelled.subList(from, Math.min(labelled.size(), from + PROBE_CHUNK));
            float[][][] latents = decoder.call(() -> model.encode(chunk.stream().map(CorpusItem::text).toList())).join();
            for (int i = 0; i < chunk.size(); i++) {
                items.add(new ProbeItem(chunk.get(i).text(), chunk.get(i).label(), LatentArrays.flat(latents[i])));
            }
        }
        ProbeLatents.inParts(checkpoint.checkpointId(), checkpoint.runId(), ProbeSet.name(data), items, PROBE_PART_ITEMS)
                .forEach(probes::publish);
        return items.size();
    }

}
