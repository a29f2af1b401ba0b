package tvae.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.events.DecodingOptions;
import tvae.events.DecodingStrategy;
import tvae.events.Mixing;
import tvae.syntax.PythonSyntaxChecker;
import tvae.syntax.Verdict;
import tvae.train.TrainingFixtures;

/**
 * A tiny model trained to reconstruct lines with a stray or missing bracket or an unterminated string emits them
 * when decoded greedily (shown first: the fault); syntax-guided decoding of the same codes never does, with the
 * constraint alone (width 1, no judge) and with beam search judged by CPython.
 */
class GuidedDecodingTest {
    private static final List<String> UNBALANCED = List.of("x = f(a))", "y = [1, 2]]", "z = g(b", "s = 'abc",
            "t = {1: 2", "u = h([1)]", "v = (1, 2))", "w = k(x[0]");

    @TempDir
    static Path dir;
    private static VaeModel model;

    @BeforeAll
    static void trainOnUnbalancedLines() throws IOException {
        List<String> lines = new ArrayList<>(TrainingFixtures.lines(48));
        for (int copy = 0; copy < 4; copy++) {
            lines.addAll(UNBALANCED);
        }
        Path zip = TrainingFixtures.trainTiny(lines, 400, dir.resolve("unbalanced.zip"), "guided-test");
        model = VaeModel.load(zip, Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void greedyEmitsUnbalancedLinesAndGuidedDecodingNever() throws IOException {
        float[][][] codes = model.encode(UNBALANCED);

        List<String> greedy = model.decode(codes, DecodingOptions.greedy());
        long unbalancedGreedy = greedy.stream().filter(line -> !balanced(line)).count();
        System.out.println("greedy: " + greedy);
        assertTrue(unbalancedGreedy >= UNBALANCED.size() / 2, "the model learnt to emit unbalanced lines: " + greedy);

        List<String> constrained = model.decode(codes, new DecodingOptions(DecodingStrategy.GUIDED, null, null, null, null, 1), null);
        System.out.println("constraint alone: " + constrained);
        assertTrue(constrained.stream().allMatch(GuidedDecodingTest::balanced), constrained.toString());

        try (PythonSyntaxChecker cpython = PythonSyntaxChecker.start()) {
            List<String> guided = model.decode(codes, DecodingOptions.guided(Mixing.LINEAR), cpython);
            System.out.println("guided: " + guided);
            assertTrue(guided.stream().allMatch(GuidedDecodingTest::balanced), guided.toString());
            long validGreedy = cpython.checkAll(greedy).stream().filter(Verdict::isValid).count();
            long validGuided = cpython.checkAll(guided).stream().filter(Verdict::isValid).count();
            assertTrue(validGuided > validGreedy, validGuided + " valid guided vs " + validGreedy + " greedy");
        }
    }

    @Test
    void guidedDecodingOfBalancedLinesKeepsWhatGreedyGets() {
        List<String> lines = TrainingFixtures.lines(48).subList(0, 8);
        float[][][] codes = model.encode(lines);
        List<String> greedy = model.decode(codes, DecodingOptions.greedy());
        List<String> constrained = model.decode(codes, new DecodingOptions(DecodingStrategy.GUIDED, null, null, null, null, 1), null);
        for (int i = 0; i < lines.size(); i++) {
            if (balanced(greedy.get(i))) {
                assertEquals(greedy.get(i), constrained.get(i), "the constraint changes nothing the greedy line did right");
            }
        }
    }

    @Test
    void beamSearchWithTheKvCacheEqualsBeamSearchWithout() {
        List<String> lines = new ArrayList<>(TrainingFixtures.lines(48).subList(0, 6));
        lines.addAll(UNBALANCED.subList(0, 4));
        float[][][] ends = model.encode(lines);
        List<float[][]> points = new ArrayList<>(List.of(ends));
        for (int i = 0; i + 1 < ends.length; i += 2) {
            points.add(LatentMixing.mix(ends[i], ends[i + 1], 0.5, Mixing.LINEAR));     // codes no line was trained on
        }
        float[][][] codes = points.toArray(float[][][]::new);
        for (int width : new int[] {4, 8}) {
            DecodingOptions beam = new DecodingOptions(DecodingStrategy.GUIDED, Mixing.LINEAR, null, null, null, width);
            List<String> cached = model.decode(codes, beam, true);
            System.out.println("beam " + width + ": " + cached);
            assertEquals(model.decode(codes, beam, false), cached, "beam " + width);
        }
    }

    private static boolean balanced(String line) {
        PythonLineState state = PythonLineState.START.after(line);
        return state != null && state.canEnd();
    }
}
