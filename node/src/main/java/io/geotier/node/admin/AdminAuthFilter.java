package io.geotier.node.admin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets {@link AdminOnly} calls through only with {@code Authorization: Bearer <token>} (the scheme
 * in any case). No token configured: the admin calls are off (403); a missing or wrong token: 401
 * with {@code WWW-Authenticate: Bearer}. Neither answer, nor any log line, repeats what was sent.
 */
@Provider
@AdminOnly
public class AdminAuthFilter implements ContainerRequestFilter {

    private static final String SCHEME = "bearer ";

    private final AdminToken token;

    public AdminAuthFilter(AdminToken token) {
        this.token = token;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!token.configured()) {
            request.abortWith(json(
                            Response.Status.FORBIDDEN,
                            "admin_off",
                            "the management API is off: start the node with GEOTIER_ADMIN_TOKEN set")
                    .build());
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
        if (!token.matches(bearer ? header.substring(SCHEME.length()).trim() : null)) {
            request.abortWith(
                    json(Response.Status.UNAUTHORIZED, "unauthorized", "a valid admin bearer token is required")
                            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                            .build());
        }
    }

    /** The shape of every admin error, which also reads as packrat's upload failure ({"success": false, ...}). */
    private static Response.ResponseBuilder json(Response.Status status, String error, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(new Refusal(status.getStatusCode(), error, message, false));
    }

    /** {"status": 401, "error": "unauthorized", "message": "...", "success": false} */
    record Refusal(int status, String error, String message, boolean success) {}
}
