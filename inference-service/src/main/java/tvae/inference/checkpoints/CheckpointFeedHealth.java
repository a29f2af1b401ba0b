package tvae.inference.checkpoints;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while the checkpoint feed is not following the topics: new checkpoints would not be served. */
@Readiness
@ApplicationScoped
public class CheckpointFeedHealth implements HealthCheck {
    @Inject
    CheckpointFeed feed;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("checkpoint-feed").status(feed.running());
        feed.lastFailure().ifPresent(failure -> response.withData("lastFailure", failure));
        return response.build();
    }
}
