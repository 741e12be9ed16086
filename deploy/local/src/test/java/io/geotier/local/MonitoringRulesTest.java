package io.geotier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring as Prometheus reads it: both scrape configurations are valid, and every alert
 * fires on the series that should raise it and not on a healthy neighbour (promtool's unit tests
 * in rules/geotier.rules.test.yml). promtool comes with Debian's prometheus package.
 */
class MonitoringRulesTest {

    private static final Path MONITORING = root().resolve("deploy/monitoring");

    @Test
    void theScrapeConfigurationIsValid() throws Exception {
        assertEquals(0, promtool("check", "config", "prometheus.yml").exitValue);
    }

    /**
     * Debian builds Prometheus without Kubernetes service discovery, so its promtool cannot read
     * that file; an upstream promtool checks it whole. Here: valid but for that one field.
     */
    @Test
    void theKubernetesScrapeConfigurationIsValid() throws Exception {
        Ran check = promtool("check", "config", "prometheus-kubernetes.yml");
        if (check.exitValue != 0) {
            String withoutSd = check.output
                    .lines()
                    .filter(l -> l.contains("line ") && !l.contains("field kubernetes_sd_configs not found"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertEquals("", withoutSd, check.output);
            assertTrue(check.output.contains("kubernetes_sd_configs"), check.output);
        }
    }

    @Test
    void everyAlertFiresWhereItShouldAndOnlyThere() throws Exception {
        Ran test = promtool("test", "rules", "rules/geotier.rules.test.yml");
        assertEquals(0, test.exitValue, test.output);
    }

    @Test
    void everyAlertHasARuleTest() throws Exception {
        java.util.regex.Matcher alerts = java.util.regex.Pattern.compile("- alert: (\\w+)")
                .matcher(Files.readString(MONITORING.resolve("rules/geotier.rules.yml")));
        String tests = Files.readString(MONITORING.resolve("rules/geotier.rules.test.yml"));
        int count = 0;
        while (alerts.find()) {
            count++;
            assertTrue(tests.contains("alertname: " + alerts.group(1)), alerts.group(1) + " is tested");
        }
        assertEquals(10, count, "the alerts deploy/monitoring/README.md lists");
    }

    private record Ran(int exitValue, String output) {}

    private static Ran promtool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command)
                .directory(MONITORING.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return new Ran(process.exitValue(), String.join(" ", command) + ":\n" + output);
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/monitoring"))) {
                return dir;
            }
        }
        throw new IllegalStateException("deploy/monitoring not found");
    }
}
