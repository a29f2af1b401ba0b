package tvae.decode;

import java.util.Arrays;

/**
 * The ids of a step's most likely tokens, best first (of equal scores the lower id first), found with a heap of
 * {@code count} in one pass over the vocabulary instead of one pass per token taken.
 */
final class TopTokens {
    private TopTokens() {
    }

    /** The {@code count} best of {@code scores[offset, offset + vocab)}, as ids in {@code [0, vocab)}. */
    static int[] best(float[] scores, int offset, int vocab, int count) {
        int size = Math.min(count, vocab);
        int[] heap = new int[size];      // a min-heap: the worst kept id on top, the one a better id replaces
        for (int id = 0; id < vocab; id++) {
            if (id < size) {
                heap[id] = id;
                siftUp(heap, id, scores, offset);
            } else if (better(id, heap[0], scores, offset)) {
                heap[0] = id;
                siftDown(heap, size, scores, offset);
            }
        }
        Integer[] ranked = Arrays.stream(heap).boxed().toArray(Integer[]::new);
        Arrays.sort(ranked, (a, b) -> better(a, b, scores, offset) ? -1 : better(b, a, scores, offset) ? 1 : 0);
        return Arrays.stream(ranked).mapToInt(Integer::intValue).toArray();
    }

    private static boolean better(int a, int b, float[] scores, int offset) {
        float x = scores[offset + a];
        float y = scores[offset + b];
        return x > y || (x == y && a < b);
    }

    private static void siftUp(int[] heap, int at, float[] scores, int offset) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!better(heap[parent], heap[at], scores, offset)) {
                return;
            }
            swap(heap, parent, at);
            at = parent;
        }
    }

    private static void siftDown(int[] heap, int size, float[] scores, int offset) {
        int at = 0;
        while (true) {
            int worst = at;
            for (int child = 2 * at + 1; child <= 2 * at + 2 && child < size; child++) {
                if (better(heap[worst], heap[child], scores, offset)) {
                    worst = child;
                }
            }
            if (worst == at) {
                return;
            }
            swap(heap, at, worst);
            at = worst;
        }
    }

    private static void swap(int[] heap, int i, int j) {
        int kept = heap[i];
        heap[i] = heap[j];
        heap[j] = kept;
    }
}
