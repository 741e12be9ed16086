package io.geotier.node.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors the REST layer raises itself (405 for a POST on the data path, ...) get the JSON body too. */
public class WebErrorMapper {

    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        Response original = e.getResponse();
        String reason = original.getStatusInfo().getReasonPhrase();
        Response.ResponseBuilder json = Response.fromResponse(new ApiError(original.getStatus(), reason.toLowerCase()).toResponse());
        original.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow")) {
                values.forEach(v -> json.header(name, v));
            }
        });
        return json.build();
    }
}
