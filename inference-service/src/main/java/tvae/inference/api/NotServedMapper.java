package tvae.inference.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import tvae.inference.serving.NotServedException;

/** No checkpoint loaded yet (503) or another checkpoint asked for (409), with the reason, for every model endpoint. */
@Provider
public class NotServedMapper implements ExceptionMapper<NotServedException> {
    @Override
    public Response toResponse(NotServedException e) {
        return Response.status(e.httpStatus()).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
    }
}
