package tvae.data;

/** The three disjoint parts of a corpus. */
public enum Split {
    TRAIN, VALID, TEST
}
