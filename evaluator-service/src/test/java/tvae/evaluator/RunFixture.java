package tvae.evaluator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tvae.deploy.PlainKafkaClient;
import tvae.events.CheckpointPublished;
import tvae.events.DatasetKind;
import tvae.events.DatasetSpec;
import tvae.events.DecodingStrategy;
import tvae.events.EditDirection;
import tvae.events.Event;
import tvae.events.EventJson;
import tvae.events.InterpolationRequested;
import tvae.events.ModelSpec;
import tvae.events.ProbeItem;
import tvae.events.ProbeLatents;
import tvae.events.RunState;
import tvae.events.SampleDecoded;
import tvae.events.SampleEdit;
import tvae.events.SampleKind;
import tvae.events.Topics;
import tvae.events.TrainingProgress;
import tvae.events.TrainingRequested;

/**
 * The events one training run produces across the system, as the trainer and the inference service publish them
 * (same ids, same shapes), sent through the real broker. Tests give each run its own id so they never collide.
 */
public final class RunFixture {
    /** The seed's interpolation table, decoded between two held-out lines: some points are not valid Python. */
    static final String LINE_A = "x = foo(a, b)";
    static final String LINE_B = "return self.items[key]";
    static final List<String> INTERPOLATION = List.of("x = foo(a, b)", "x = foo(a, b)", "x = foo(a, key)",
            "x = foo(self, key)", "x = foo(self.items, key", "return foo(self.items, key)", "return self.items(key]",
            "return self.items[key]", "return self.items[key]", "return self.items[key]", "return self.items[key]");
    static final int PROBE_ITEMS = 90;

    final String runId;
    final String dataset;

    public RunFixture(String runId, DatasetKind dataset) {
        this.runId = runId;
        this.dataset = dataset.wireName();
    }

    String checkpointId(int step) {
        return runId + "-step-" + step;
    }

    TrainingRequested request() {
        return TrainingRequested.of(runId, DatasetSpec.of(DatasetKind.fromWire(dataset)), ModelSpec.preset("tiny"), null, 400, null, 200);
    }

    /** The trainer of the pool every progress event and checkpoint of the fixture names. */
    static final String TRAINER = "trainer-7";

    /** A loss that falls and an accuracy that rises, as a real run's do; the run has the cycle research loss on. */
    List<TrainingProgress> progress(int steps, int every) {
        return progress(steps, every, true);
    }

    /** The same, with the cycle research loss on or off. */
    List<TrainingProgress> progress(int steps, int every, boolean cycleLoss) {
        List<TrainingProgress> events = new ArrayList<>();
        events.add(TrainingProgress.state(runId, RunState.ACCEPTED, 0, steps, null).withTrainer(TRAINER));
        for (int step = every; step <= steps; step += every) {
            double loss = 4.0 * Math.exp(-step / 120.0) + 0.15;
            double mmd = 0.05 * Math.exp(-step / 300.0);
            double accuracy = 1 - 0.85 * Math.exp(-step / 110.0);
            Map<String, Double> losses = cycleLoss
                    ? Map.of("total", loss + mmd, "reconstruction", loss, "mmd", mmd, "cycle", cycle(step))
                    : Map.of("total", loss + mmd, "reconstruction", loss, "mmd", mmd);
            events.add(TrainingProgress.of(runId, step == steps ? RunState.COMPLETED : RunState.RUNNING, step, steps, losses,
                    accuracy, 5200.0, (steps - step) / 40.0, null).withTrainer(TRAINER));
        }
        return events;
    }

    static double cycle(int step) {
        return 0.4 * Math.exp(-step / 200.0);
    }

    CheckpointPublished checkpoint(int step) {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode().put("runId", runId).put("step", step);
        manifest.putObject("dataset").put("kind", dataset);
        return CheckpointPublished.of(checkpointId(step), runId, step, manifest, 3, 1_234_567, "ab".repeat(32))
                .withTrainer(TRAINER);
    }

    /** One pair decoded at the 11 default ratios; {@code texts} are the decoded points, in ratio order. */
    List<SampleDecoded> interpolation(int step, int pair, String a, String b, List<String> texts) {
        String pairId = checkpointId(step) + "/pair/" + pair;
        List<SampleDecoded> samples = new ArrayList<>();
        for (int r = 0; r < texts.size(); r++) {
            double ratio = InterpolationRequested.DEFAULT_RATIOS.get(r);
            samples.add(SampleDecoded.of(pairId + "/" + ratio, checkpointId(step), runId, dataset, SampleKind.INTERPOLATION,
                    ratio, pairId, a, b, null, texts.get(r)));
        }
        return samples;
    }

    /**
     * The newest checkpoint's semantic edits, Assign to Return. Greedy: the learnt direction reaches a Return once in
     * two ("return x"; "x = 2" stays an Assign), the random one never ("x = 1" stays, "x = (" does not parse).
     * Syntax-guided: learnt twice in two, random never ("returnx" parses, as an expression); of the learnt two, "return
     * f(x)" keeps two of the input's three names, "return y" one (kept: 1 of 2).
     */
    List<SampleDecoded> edits(int step) {
        List<SampleDecoded> edits = new ArrayList<>();
        Map<DecodingStrategy, String[][]> outputs = Map.of(
                DecodingStrategy.GREEDY, new String[][] {{"return x", "x = 2"}, {"x = 1", "x = ("}},
                DecodingStrategy.GUIDED, new String[][] {{"return f(x)", "return y"}, {"x = 1", "returnx"}});
        for (DecodingStrategy decoding : List.of(DecodingStrategy.GREEDY, DecodingStrategy.GUIDED)) {
            for (EditDirection direction : EditDirection.values()) {
                for (int i = 0; i < 2; i++) {
                    edits.add(SampleDecoded.edit(checkpointId(step) + "/edit/Assign-to-Return/" + i + "/" + direction + "/" + decoding,
                            checkpointId(step), runId, dataset, "y = f(x)", new SampleEdit("Assign", "Return", direction, 1.0),
                            decoding, outputs.get(decoding)[direction.ordinal()][i]));
                }
            }
        }
        return edits;
    }

    SampleDecoded reconstruction(int step, int index, String source, String decoded) {
        return SampleDecoded.of(checkpointId(step) + "/reconstruction/" + index, checkpointId(step), runId, dataset,
                SampleKind.RECONSTRUCTION, null, null, null, null, source, decoded);
    }

    /**
     * Three labels whose latent codes sit around different centres (so a linear probe separates them) and whose texts
     * share their words across labels (so bag-of-words cannot).
     */
    public ProbeLatents probe(int step, long seed) {
        Random random = new Random(seed);
        String[] labels = {"noun.animal", "noun.artifact", "noun.food"};
        String[] words = {"a", "small", "kind", "of", "thing", "used", "for", "the", "common", "with", "long", "part"};
        List<ProbeItem> items = new ArrayList<>();
        for (int i = 0; i < PROBE_ITEMS; i++) {
            int label = i % labels.length;
            float[] latent = new float[2 * 8];
            for (int j = 0; j < latent.length; j++) {
                latent[j] = (float) Math.tanh((j % labels.length == label ? 1.2 : -0.4) + 0.35 * random.nextGaussian());
            }
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            items.add(new ProbeItem(text.toString().trim(), labels[label], latent));
        }
        return ProbeLatents.of(checkpointId(step), runId, "wordnet-lexnames", items);
    }

    static void send(PlainKafkaClient kafka, String topic, String key, Event event) {
        kafka.send(topic, key, EventJson.encode(event));
    }

    /** What a finished python-lines run leaves on the topics: request, progress, two checkpoints and their evaluations. */
    void publishPythonRun(PlainKafkaClient kafka) {
        send(kafka, Topics.TRAINING_REQUESTS, runId, request());
        progress(400, 20).forEach(p -> send(kafka, Topics.TRAINING_PROGRESS, runId, p));
        for (int step : new int[] {200, 400}) {
            send(kafka, Topics.CHECKPOINTS, checkpointId(step), checkpoint(step));
            List<SampleDecoded> samples = new ArrayList<>(interpolation(step, 0, LINE_A, LINE_B,
                    step == 400 ? INTERPOLATION : INTERPOLATION.stream().map(t -> t.replace("key", "key)")).toList()));
            samples.addAll(interpolation(step, 1, "for i in range(10): total += i", "import os", List.of(
                    "for i in range(10): total += i", "for i in range(10): total += i", "for i in range(1): total += i",
                    "for i in os: total += i", "for os in", "import os in", "import os.", "import os", "import os",
                    "import os", "import os")));
            samples.add(reconstruction(step, 0, "x = foo(a, b)", "x = foo(a, b)"));
            samples.add(reconstruction(step, 1, "return self.items[key]", step == 400 ? "return self.items[key]" : "return self.item[key]"));
            if (step == 400) {
                samples.addAll(edits(step));
            }
            samples.forEach(s -> send(kafka, Topics.SAMPLES, s.sampleId(), s));
            send(kafka, Topics.PROBE_LATENTS, checkpointId(step), probe(step, step));
        }
    }

    /** A run on digits: one checkpoint whose interpolation from a "1" to a "0" fades one stroke into the other. */
    void publishDigitRun(PlainKafkaClient kafka) {
        send(kafka, Topics.TRAINING_REQUESTS, runId, request());
        progress(200, 20, false).forEach(p -> send(kafka, Topics.TRAINING_PROGRESS, runId, p));   // no research loss
        send(kafka, Topics.CHECKPOINTS, checkpointId(200), checkpoint(200));
        float[][] one = digit((x, y) -> Math.abs(x - 7) <= 1 && y >= 2 && y <= 11);
        float[][] zero = digit((x, y) -> {
            double r = Math.hypot((x - 6.5) / 4.0, (y - 6.5) / 5.5);
            return r > 0.7 && r < 1.1;
        });
        List<String> texts = InterpolationRequested.DEFAULT_RATIOS.stream().map(r -> digitText(one, zero, r)).toList();
        interpolation(200, 0, texts.get(0), texts.get(10), texts).forEach(s -> send(kafka, Topics.SAMPLES, s.sampleId(), s));
    }

    private static float[][] digit(java.util.function.BiPredicate<Integer, Integer> ink) {
        float[][] pixels = new float[14][14];
        for (int y = 0; y < 14; y++) {
            for (int x = 0; x < 14; x++) {
                pixels[y][x] = ink.test(x, y) ? 1f : 0f;
            }
        }
        return pixels;
    }

    /** As tvae.digit.DigitText writes a digit: a row marker, then one of 64 grey levels per pixel. */
    private static String digitText(float[][] a, float[][] b, double ratio) {
        String levels = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/";
        StringBuilder text = new StringBuilder();
        for (int y = 0; y < 14; y++) {
            text.append((char) ('\u0100' + y));
            for (int x = 0; x < 14; x++) {
                text.append(levels.charAt((int) Math.round(63 * ((1 - ratio) * a[y][x] + ratio * b[y][x]))));
            }
        }
        return text.toString();
    }

    int samplesPerPythonRun() {
        return 2 * (11 + 11 + 2) + 8;
    }
}
