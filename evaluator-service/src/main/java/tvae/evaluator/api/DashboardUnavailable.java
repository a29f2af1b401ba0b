package tvae.evaluator.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;

/** The database could not answer a dashboard read: 503 with the reason, so the page says so instead of showing nothing. */
public class DashboardUnavailable extends RuntimeException {
    public DashboardUnavailable(SQLException cause) {
        super("the evaluation database is unavailable: " + cause.getMessage(), cause);
    }

    @Provider
    public static class Mapper implements ExceptionMapper<DashboardUnavailable> {
        @Override
        public Response toResponse(DashboardUnavailable e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(java.util.Map.of("error", e.getMessage())).build();
        }
    }
}
