package io.geotier.node.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Infinispan Server answered the last ping. */
@Readiness
@ApplicationScoped
public class InfinispanReadyCheck implements HealthCheck {

    private final ClusterReachability cluster;

    public InfinispanReadyCheck(ClusterReachability cluster) {
        this.cluster = cluster;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = cluster.problem();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("infinispan").status(problem == null);
        return problem == null ? response.build() : response.withData("problem", problem).build();
    }
}
