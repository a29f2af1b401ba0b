package tvae.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import tvae.events.InvalidEventException;

/**
 * A bad body is a 400 whose "error" says which field is wrong and why, in every service. Quarkus finds it because
 * each service indexes this module ({@code quarkus.index-dependency.common.*}).
 */
@Provider
public class InvalidRequestMapper implements ExceptionMapper<InvalidEventException> {
    @Override
    public Response toResponse(InvalidEventException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }
}
