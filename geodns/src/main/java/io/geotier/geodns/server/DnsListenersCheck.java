package io.geotier.geodns.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the UDP and TCP listeners are bound and every thread serving them is alive. */
@Readiness
@ApplicationScoped
public class DnsListenersCheck implements HealthCheck {

    private final DnsService dns;

    public DnsListenersCheck(DnsService dns) {
        this.dns = dns;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dns-listeners")
                .status(dns.isServing())
                .build();
    }
}
