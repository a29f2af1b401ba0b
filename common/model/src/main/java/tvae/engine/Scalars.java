package tvae.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe to back-propagate through. DJL's {@code NDArray.mul(Number)} and its
 * siblings wrap the number in a tensor that, on the CPU, borrows a Java direct buffer and close it right after the
 * forward op; PyTorch's graph keeps that tensor for the backward pass (the gradient of {@code x·c} is {@code c}), so
 * once the garbage collector frees the buffer the backward pass reads whatever now lives there: gradients scaled by
 * 1e30, or NaN. Here the constant is a tensor PyTorch allocates and owns, so the graph's reference keeps it alive.
 * Every constant a recorded graph multiplies, divides or compares with goes through this class; adding or
 * subtracting a {@code Number} is safe (its backward never reads the constant).
 */
public final class Scalars {
    private Scalars() {
    }

    /** A 0-d tensor holding {@code value}, owned by PyTorch, with {@code like}'s type, on its manager's device. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** x · factor */
    public static NDArray times(NDArray x, double factor) {
        try (NDArray constant = of(x, factor)) {
            return x.mul(constant);
        }
    }

    /** x / divisor */
    public static NDArray dividedBy(NDArray x, double divisor) {
        try (NDArray constant = of(x, divisor)) {
            return x.div(constant);
        }
    }

    /** numerator / x, element-wise */
    public static NDArray over(double numerator, NDArray x) {
        try (NDArray constant = of(x, numerator)) {
            return constant.div(x);
        }
    }

    /** max(x, floor), element-wise */
    public static NDArray atLeast(NDArray x, double floor) {
        try (NDArray constant = of(x, floor)) {
            return x.maximum(constant);
        }
    }
}
