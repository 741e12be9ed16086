package io.geotier.node.admin;

import io.geotier.node.api.ApiError;
import io.geotier.node.store.InvalidKeyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A key the data path would refuse is refused here too, with the same JSON 400. */
@Provider
public class InvalidKeyMapper implements ExceptionMapper<InvalidKeyException> {

    @Override
    public Response toResponse(InvalidKeyException e) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(400, e.getMessage()))
                .build();
    }
}
