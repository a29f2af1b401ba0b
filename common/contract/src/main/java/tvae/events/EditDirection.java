package tvae.events;

/**
 * Which way an edit moved its input: along the direction learnt between two labels, or along a random direction of
 * the same length, the baseline a learnt direction has to beat.
 */
public enum EditDirection {
    LEARNED, RANDOM
}
