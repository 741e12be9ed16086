package io.geotier.node.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the cluster's state without ever making the node unready: a node that can serve from
 * its disk is ready, and geodns probes readiness, so one Infinispan outage must not take every
 * node out of DNS. The state is a detail here ("connected" true or false, and the problem) and
 * the gauge geotier_cluster_connected.
 */
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
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("infinispan").up().withData("connected", problem == null);
        return problem == null
                ? response.build()
                : response.withData("problem", problem).build();
    }
}
