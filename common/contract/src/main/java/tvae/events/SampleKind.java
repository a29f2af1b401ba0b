package tvae.events;

/** Why a sequence was decoded. */
public enum SampleKind {
    RECONSTRUCTION, INTERPOLATION, REQUEST
}
