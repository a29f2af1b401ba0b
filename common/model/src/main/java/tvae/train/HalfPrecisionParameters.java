package tvae.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The forward pass's parameters under mixed precision: an fp16 copy of every fp32 master weight, made at the start of
 * each step as a leaf of its own, so the whole forward and backward pass runs in fp16 and each copy collects its
 * parameter's gradient. The optimizer reads those gradients widened to fp32 ({@link #masterGradient}) and updates the
 * masters. (A cast inside the graph would not do: DJL casts with autograd off.)
 */
final class HalfPrecisionParameters extends ParameterStore {
    private final ParameterList masters;
    private final Map<NDArray, NDArray> copies = new IdentityHashMap<>();
    private final Map<Parameter, NDArray> copyOf = new IdentityHashMap<>();

    HalfPrecisionParameters(NDManager manager, ParameterList masters) {
        super(manager, false);
        this.masters = masters;
    }

    /** Fresh fp16 copies of the current masters; call inside the step's scope, which frees them at its end. */
    void refresh() {
        copies.clear();
        copyOf.clear();
        for (Pair<String, Parameter> p : masters) {
            NDArray master = p.getValue().getArray();
            NDArray copy = master.toType(DataType.FLOAT16, true);
            copy.setRequiresGradient(true);
            copies.put(master, copy);
            copyOf.put(p.getValue(), copy);
        }
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray copy = copyOf.get(parameter);
        if (copy == null) {
            throw new IllegalStateException("no fp16 copy of '" + parameter.getName() + "': refresh() starts every step");
        }
        return copy;
    }

    /** The gradient the fp16 copy of {@code master} collected, in fp32 (still multiplied by the loss scale). */
    NDArray masterGradient(NDArray master) {
        return copies.get(master).getGradient().toType(DataType.FLOAT32, false);
    }
}
