package tvae.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Where the next batch's training items come from. Its position goes into a checkpoint, so a resumed run sees the same batches. */
interface BatchSource {
    /** The item indices of the next batch. */
    List<Integer> next(int batchSize);

    /** Writes the position a resumed run starts from. */
    void savePosition(ObjectNode trainerState);
}
