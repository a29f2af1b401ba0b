package tvae.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A DJL block whose parameter shapes all come from the config, so nothing is inferred from input shapes:
 * {@code initialize} just creates every parameter. Blocks expose typed {@code forward} methods (named inputs,
 * shapes in comments); DJL's generic {@link #forward(ParameterStore, NDList, boolean, PairList)} is not used.
 */
abstract class ModelBlock extends AbstractBlock {

    protected final Parameter parameter(String name, Initializer initializer, long... shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(shape))
                .optInitializer(initializer).build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : children.values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes shapes from the config, not from its inputs");
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its typed forward method");
    }
}
