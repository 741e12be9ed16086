package io.geotier.node.status;

import io.quarkus.qute.Template;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * packrat's status page at {@code GET /}: what this node is, holds and does, with an upload form.
 * The form sends the admin token typed into it as a bearer header (script, not a form post), so
 * the token never lands in a URL, a log or the page.
 */
@ApplicationScoped
public class StatusPage {

    private final Template status;
    private final NodeStatus node;

    public StatusPage(Template status, NodeStatus node) {
        this.status = status;
        this.node = node;
    }

    /** Mounted before the data route, which would take "/" for an object path. */
    void mount(@Observes Router router) {
        router.get("/")
                .order(-1)
                .blockingHandler(
                        rc -> rc.response()
                                .putHeader("Content-Type", "text/html; charset=utf-8")
                                .putHeader("Cache-Control", "no-store")
                                .end(status.data("s", node.read()).render()),
                        false);
    }
}
