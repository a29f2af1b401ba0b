package tvae.inference.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import tvae.inference.serving.DeviceBusyException;

/** The device could not answer in time: 503 with the reason and Retry-After, so a client backs off instead of hanging. */
@Provider
public class DeviceBusyMapper implements ExceptionMapper<DeviceBusyException> {
    @Override
    public Response toResponse(DeviceBusyException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).entity(Map.of("error", e.getMessage())).build();
    }
}
