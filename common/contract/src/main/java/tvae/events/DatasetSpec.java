package tvae.events;

/** Which data a run uses; {@code path} is required for {@link DatasetKind#PATH} and optional otherwise. */
public record DatasetSpec(DatasetKind kind, String path, Integer maxItems) {
    public DatasetSpec {
        Require.present(kind, "dataset.kind");
        if (kind == DatasetKind.PATH) {
            Require.text(path, "dataset.path");
        }
        if (path != null && path.length() > 4096) {
            throw new InvalidEventException("field 'dataset.path' must be at most 4096 characters, was " + path.length());
        }
        if (maxItems != null) {
            Require.positive(maxItems, "dataset.maxItems");
        }
    }

    public static DatasetSpec of(DatasetKind kind) {
        return new DatasetSpec(kind, null, null);
    }
}
