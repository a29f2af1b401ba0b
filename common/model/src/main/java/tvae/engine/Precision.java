package tvae.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Type conversions for mixed precision. DJL's {@code toType} runs PyTorch's cast with autograd off, so it cuts the
 * graph: fine for constants (masks, ratios), wrong for anything a gradient must cross. Widening to fp32 is done
 * instead by adding an fp32 zero of rank 1, which PyTorch's type promotion turns into an fp32 result whose backward
 * hands the gradient back in the input's type.
 */
public final class Precision {
    private Precision() {
    }

    /** x in fp32, differentiably; x itself when it already is. */
    public static NDArray widen(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x;
        }
        try (NDArray zero = x.getManager().zeros(new Shape(1), DataType.FLOAT32)) {
            return x.add(zero);
        }
    }

    /** A constant (no gradient wanted) in the type of {@code like}, e.g. a mask for fp16 attention scores. */
    public static NDArray constantLike(NDArray constant, NDArray like) {
        return constant.toType(like.getDataType(), false);
    }
}
