package tvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tvae.engine.Autograd;

/**
 * AdamW (decoupled weight decay) whose whole state — first and second moments per parameter and the step count —
 * can be written and read back, which DJL's built-in optimizers do not allow; a resumed run continues exactly.
 * Matrices decay, vectors (norm gains, biases) do not. Gradients are clipped to a global norm before the update.
 */
public final class AdamW {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.98;   // the Transformer default: adapts faster than 0.999 early in training
    private static final double EPSILON = 1e-8;
    private static final double WEIGHT_DECAY = 0.01;
    private static final int FORMAT = 1;

    private final List<String> names = new ArrayList<>();
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long step;
    private final GradientSource gradients;

    /** Where a weight's gradient is read from: its own, or (mixed precision) the fp16 copy that was trained. */
    public interface GradientSource {
        GradientSource OWN = NDArray::getGradient;

        NDArray gradientOf(NDArray weight);
    }

    /** Moments start at zero in {@code stateManager} (which must outlive this optimizer). */
    public AdamW(ParameterList parameters, NDManager stateManager, GradientSource gradients) {
        this.gradients = gradients;
        for (Pair<String, Parameter> p : parameters) {
            NDArray w = p.getValue().getArray();
            names.add(p.getKey());
            weights.add(w);
            firstMoments.add(stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            secondMoments.add(stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
    }

    public long step() {
        return step;
    }

    /** Clears every parameter's accumulated gradient before the next backward pass. */
    public void zeroGradients() {
        weights.forEach(Autograd::zeroGradient);
    }

    /** sqrt of the sum of all squared gradients. */
    public double gradientNorm() {
        try (Autograd.Restore off = Autograd.noGrad()) {
            NDArray total = null;
            for (NDArray w : weights) {
                NDArray s = gradients.gradientOf(w).square().sum();
                total = total == null ? s : total.add(s);
            }
            return Math.sqrt(total.getFloat());
        }
    }

    /**
     * One update at {@code learningRate}, gradients scaled down so their global norm is at most {@code clip}. A
     * gradient with an infinite or NaN entry is not applied at all (as a loss scaler does): one bad batch would
     * otherwise turn every parameter and both moments into NaN for the rest of the run.
     * @param lossScale what the loss was multiplied by before the backward pass (1 without mixed precision); the
     *                  gradients are divided by it
     * @return the (unscaled) gradient norm before clipping; not finite when the update was skipped
     */
    public double update(double learningRate, double clip, double lossScale) {
        double norm = gradientNorm() / lossScale;
        if (!Double.isFinite(norm)) {
            return norm;
        }
        float scale = (float) ((norm > clip ? clip / norm : 1.0) / lossScale);
        step++;
        float correction1 = (float) (1 - Math.pow(BETA1, step));
        float correction2 = (float) (1 - Math.pow(BETA2, step));
        try (Autograd.Restore off = Autograd.noGrad()) {
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                NDArray g = gradients.gradientOf(w).mul(scale);
                NDArray m = firstMoments.get(i).muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
                NDArray v = secondMoments.get(i).muli((float) BETA2).addi(g.square().muli((float) (1 - BETA2)));
                NDArray delta = m.div(correction1).divi(v.div(correction2).sqrt().addi((float) EPSILON));
                if (w.getShape().dimension() >= 2) {
                    delta.addi(w.mul((float) WEIGHT_DECAY));
                }
                w.subi(delta.muli((float) learningRate));
            }
        }
        return norm;
    }

    /** Names of the parameters whose gradient has an infinite or NaN entry (to say where a skipped step went wrong). */
    public List<String> nonFiniteGradients() {
        List<String> bad = new ArrayList<>();
        try (Autograd.Restore off = Autograd.noGrad()) {
            for (int i = 0; i < weights.size(); i++) {
                try (NDArray gradient = gradients.gradientOf(weights.get(i))) {
                    float sum = gradient.sum().getFloat();
                    if (!Float.isFinite(sum)) {
                        bad.add(names.get(i));
                    }
                }
            }
        }
        return bad;
    }

    /** The step count and both moments of every parameter, by name. */
    public byte[] saveState() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(step);
            out.writeInt(names.size());
            for (int i = 0; i < names.size(); i++) {
                out.writeUTF(names.get(i));
                writeArray(out, firstMoments.get(i));
                writeArray(out, secondMoments.get(i));
            }
        }
        return bytes.toByteArray();
    }

    /** Restores what {@link #saveState} wrote; refuses state of another model (names or shapes differ). */
    public void loadState(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("optimizer state format " + format + ", expected " + FORMAT);
        }
        long savedStep = in.readLong();
        int count = in.readInt();
        if (count != names.size()) {
            throw new IOException("optimizer state has " + count + " parameters, the model " + names.size());
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            if (!name.equals(names.get(i))) {
                throw new IOException("optimizer state parameter " + i + " is '" + name + "', the model's is '" + names.get(i) + "'");
            }
            readArrayInto(in, firstMoments.get(i), name);
            readArrayInto(in, secondMoments.get(i), name);
        }
        step = savedStep;
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        float[] values = array.toFloatArray();
        out.writeInt(values.length);
        for (float value : values) {
            out.writeFloat(value);
        }
    }

    private static void readArrayInto(DataInputStream in, NDArray target, String name) throws IOException {
        int length = in.readInt();
        if (length != target.size()) {
            throw new IOException("optimizer state of '" + name + "' has " + length + " values, the parameter " + target.size()
                    + " " + Arrays.toString(target.getShape().getShape()));
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readFloat();
        }
        target.set(values);
    }
}
