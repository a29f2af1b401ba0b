package tvae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tvae.engine.Autograd;

class ShiftedWindowsTest {
    private static final int VOCAB = 50;
    private final TransformerVaeConfig tiny = TransformerVaeConfig.preset("tiny");

    @Test
    void windowAsLongAsTheSequenceIsPlainCausalAttentionInEveryLayer() {
        for (int window : new int[] {tiny.maxLength(), 1000}) {
            ShiftedWindows windows = new ShiftedWindows(tiny.withOverrides(Map.of("attentionWindow", window)));
            for (int layer = 0; layer < 4; layer++) {
                for (int q = 0; q < tiny.maxLength(); q++) {
                    for (int k = 0; k < tiny.maxLength(); k++) {
                        assertEquals(k <= q, windows.visible(layer, q, k), "layer " + layer + " q " + q + " k " + k);
                    }
                }
            }
        }
    }

    @Test
    void shiftedWindowsOverlapAcrossLayers() {
        ShiftedWindows windows = new ShiftedWindows(tiny.withOverrides(Map.of("attentionWindow", 8)));
        assertFalse(windows.visible(0, 9, 7), "layer 0 tiles 0-7 | 8-15");
        assertTrue(windows.visible(1, 9, 7), "layer 1 is shifted by 4: 4-11");
        assertFalse(windows.visible(1, 12, 11), "layer 1's edge sits mid-window of layer 0");
        assertTrue(windows.visible(0, 12, 11));
    }

    @Test
    void fullWindowDecoderEqualsPlainCausalAttentionAndShiftingChangesWhatIsSeen() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            TransformerVae reference = new TransformerVae(tiny, VOCAB).initialized(manager);
            long[] ids = new long[tiny.maxLength()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 3 + (i * 7) % (VOCAB - 3);
            }
            long[] changed = ids.clone();
            changed[1] = 4 + ids[1] % 40;
            NDArray latents = manager.randomUniform(-1, 1, new Shape(1, tiny.latentTokens(), tiny.latentDim()));

            float[] full = hidden(copy(reference, Map.of("attentionWindow", tiny.maxLength()), manager), ids, latents);
            float[] wide = hidden(copy(reference, Map.of("attentionWindow", 1000), manager), ids, latents);
            assertArrayEquals(wide, full, 0f, "a window as long as the sequence is full attention");

            TransformerVae shifted = copy(reference, Map.of("attentionWindow", 8, "shiftWindows", true), manager);
            TransformerVae unshifted = copy(reference, Map.of("attentionWindow", 8, "shiftWindows", false), manager);
            int d = tiny.dModel();
            // Position 9 in a 2-layer decoder: unshifted windows (8-15 twice) never see position 1; shifted ones do.
            assertTrue(differs(slice(hidden(shifted, ids, latents), 9, d), slice(hidden(shifted, changed, latents), 9, d)),
                    "with shifted windows, position 9 depends on position 1");
            assertArrayEquals(slice(hidden(unshifted, ids, latents), 9, d), slice(hidden(unshifted, changed, latents), 9, d), 1e-6f,
                    "with fixed windows, position 9 never sees position 1");
            assertTrue(differs(hidden(shifted, ids, latents), hidden(unshifted, ids, latents)));
            assertTrue(differs(full, hidden(shifted, ids, latents)), "windows smaller than the sequence change the output");
        }
    }

    @Test
    void stepsThroughTheKvCacheEqualTheWholeSequenceUnderShiftedWindowsAndPastTheModelsLength() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(12);
            TransformerVae model = new TransformerVae(tiny.withOverrides(Map.of("attentionWindow", 8, "shiftWindows", true)), VOCAB)
                    .initialized(manager);
            long[] ids = new long[tiny.maxLength() + 4];      // decoding may run past maxLength: no absolute positions
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 3 + (i * 5) % (VOCAB - 3);
            }
            NDArray latents = manager.randomUniform(-1, 1, new Shape(1, tiny.latentTokens(), tiny.latentDim()));
            float[] whole = hidden(model, ids, latents);
            ParameterStore ps = new ParameterStore(manager, false);
            int d = tiny.dModel();
            try (Autograd.Restore off = Autograd.noGrad(); DecoderCache cache = model.newCache()) {
                NDArray memory = model.memory(ps, latents);
                for (int t = 0; t < ids.length; t++) {
                    NDArray step = model.embed(ps, manager.create(new long[] {ids[t]}, new Shape(1, 1)));
                    float[] stepped = model.decoder().step(ps, step, cache, memory).toFloatArray();
                    assertArrayEquals(slice(whole, t, d), stepped, 1e-4f, "position " + t);
                }
            }
        }
    }

    /** The same parameters under another config (windows do not change any parameter's shape). */
    private TransformerVae copy(TransformerVae source, Map<String, Object> overrides, NDManager manager) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        source.saveParameters(new DataOutputStream(bytes));
        TransformerVae copy = new TransformerVae(tiny.withOverrides(overrides), VOCAB).initialized(manager);
        copy.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        return copy;
    }

    private static float[] hidden(TransformerVae model, long[] ids, NDArray latents) {
        ParameterStore ps = new ParameterStore(latents.getManager(), false);
        try (Autograd.Restore off = Autograd.noGrad()) {
            NDArray input = latents.getManager().create(ids, new Shape(1, ids.length));
            return model.decoder().forward(ps, model.embed(ps, input), model.memory(ps, latents)).toFloatArray();
        }
    }

    private static float[] slice(float[] hidden, int position, int width) {
        float[] out = new float[width];
        System.arraycopy(hidden, position * width, out, 0, width);
        return out;
    }

    private static boolean differs(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4) {
                return true;
            }
        }
        return false;
    }
}
