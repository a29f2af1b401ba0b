package tvae.events;

/** Life of a training run as told on {@link Topics#TRAINING_PROGRESS}. */
public enum RunState {
    ACCEPTED, REJECTED, QUEUED, RUNNING, RESUMED, CHECKPOINTED, COMPLETED, CANCELLED, FAILED;

    public boolean isFinal() {
        return this == REJECTED || this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
