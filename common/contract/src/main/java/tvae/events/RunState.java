package tvae.events;

/**
 * Life of a training run as told on {@link Topics#TRAINING_PROGRESS}. PREPARING: on the device's queue, reading its
 * data (harvest, syntax check, tokenizer) before the first step.
 */
public enum RunState {
    ACCEPTED, REJECTED, QUEUED, PREPARING, RUNNING, RESUMED, CHECKPOINTED, COMPLETED, CANCELLED, FAILED;

    public boolean isFinal() {
        return this == REJECTED || this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
