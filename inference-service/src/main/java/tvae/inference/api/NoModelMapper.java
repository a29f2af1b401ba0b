package tvae.inference.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import tvae.inference.serving.NoModelException;

/** No checkpoint loaded yet (or none of the pinned run): 503 with the reason, for every endpoint that needs a model. */
@Provider
public class NoModelMapper implements ExceptionMapper<NoModelException> {
    @Override
    public Response toResponse(NoModelException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }
}
