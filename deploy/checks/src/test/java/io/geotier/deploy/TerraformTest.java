package io.geotier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/terraform without a provider (none can be downloaded here, so terraform validate cannot
 * run): terraform fmt parses and accepts every file, every variable, local, module and
 * module output a file names resolves, every variable is typed and documented, and the
 * cloud-init Terraform renders (templatefile, through terraform console, which needs no
 * provider) carries the settings the local cluster runs with, each one the applications read.
 */
class TerraformTest {

    private static final Path TF = Repo.path("deploy/terraform");
    private static final Map<String, String> NO_RC = Map.of("TF_CLI_CONFIG_FILE", "/dev/null");

    @Test
    void everyFileParsesAndIsFormatted() throws Exception {
        List<Path> files = tfFiles(TF);
        assertTrue(files.size() >= 8, files.toString());
        // terraform fmt parses every file in full (a syntax error fails it) and checks its layout.
        Repo.Ran fmt = Repo.run(TF, NO_RC, null, "terraform", "fmt", "-check", "-recursive", "-diff");
        assertEquals(0, fmt.status(), "terraform fmt -check:\n" + fmt.out() + fmt.err());
    }

    @Test
    void everyNameResolvesInItsModule() throws Exception {
        for (Path dir : moduleDirs()) {
            Module module = Module.read(dir);
            for (String v : module.referenced("var")) {
                assertTrue(module.variables.containsKey(v), dir + ": var." + v + " is declared");
            }
            for (String l : module.referenced("local")) {
                assertTrue(module.locals.contains(l), dir + ": local." + l + " is declared");
            }
            for (var call : module.calls.entrySet()) {
                Path child = dir.resolve(call.getValue().source()).normalize();
                assertTrue(Files.isDirectory(child), dir + ": module " + call.getKey() + "'s source " + child);
                Module callee = Module.read(child);
                for (String argument : call.getValue().arguments()) {
                    assertTrue(
                            callee.variables.containsKey(argument),
                            dir + ": module " + call.getKey() + " takes " + argument);
                }
                callee.variables.forEach((name, required) -> {
                    if (required) {
                        assertTrue(
                                call.getValue().arguments().contains(name),
                                dir + ": module " + call.getKey() + " is given " + name);
                    }
                });
                Matcher output = Pattern.compile("module\\." + call.getKey() + "(?:\\[[^]]+])?\\.([a-z_]+)")
                        .matcher(module.text);
                while (output.find()) {
                    assertTrue(
                            callee.outputs.contains(output.group(1)),
                            dir + ": module." + call.getKey() + "." + output.group(1));
                }
            }
            for (String m : module.referenced("module")) {
                assertTrue(module.calls.containsKey(m), dir + ": module." + m + " is called");
            }
            Matcher template = Pattern.compile("templatefile\\(\"\\$\\{path\\.module}/([^\"]+)\"")
                    .matcher(module.text);
            while (template.find()) {
                assertTrue(Files.exists(dir.resolve(template.group(1))), dir + ": template " + template.group(1));
            }
        }
    }

    @Test
    void everyVariableIsTypedAndDocumented() throws Exception {
        for (Path dir : moduleDirs()) {
            Map<String, Object> variables = Module.blocks(dir, "variable");
            assertTrue(!variables.isEmpty() || !dir.equals(TF), dir + " has variables");
            variables.forEach((name, body) -> {
                Set<String> attributes = ((Module.Block) body).attributes();
                assertTrue(attributes.contains("type"), dir + ": variable " + name + " has a type");
                if (dir.equals(TF)) {
                    assertTrue(attributes.contains("description"), dir + ": variable " + name + " is documented");
                }
            });
        }
    }

    /**
     * What checkov would say of this Terraform, as far as it concerns us (checkov is out of reach):
     * secrets are sensitive variables and never an output; Hot Rod and the cross-site bridge are
     * open only to our own hosts; nothing but HTTP(S) and DNS is open to the world.
     */
    @Test
    void secretsStaySecretAndOnlyThePublicPortsAreOpenToTheWorld() throws Exception {
        Map<String, Object> variables = Module.blocks(TF, "variable");
        String text = Files.readString(TF.resolve("variables.tf"));
        for (String name : variables.keySet()) {
            if (name.matches(".*(token|password|license_key|keystore).*")) {
                Matcher block = Pattern.compile("(?s)variable \"" + name + "\" \\{(.*?)\\n}")
                        .matcher(text);
                assertTrue(
                        block.find() && block.group(1).contains("sensitive   = true"),
                        "variable " + name + " is sensitive");
            }
        }
        for (Path dir : moduleDirs()) {
            String outputs = Module.read(dir).text;
            Matcher output =
                    Pattern.compile("(?s)output \"([^\"]+)\" \\{(.*?)\\n}").matcher(outputs);
            while (output.find()) {
                assertTrue(
                        !output.group(2)
                                .matches(
                                        "(?s).*var\\.(\\w*token|\\w*password|geoip_license_key|bridge_keystore\\w*).*"),
                        dir + ": output " + output.group(1) + " shows no secret");
            }
        }
        String region = Files.readString(TF.resolve("modules/hcloud-region/main.tf"));
        Matcher rule = Pattern.compile("(?s)rule \\{(.*?)\\n  }").matcher(region);
        int rules = 0;
        while (rule.find()) {
            rules++;
            String body = rule.group(1);
            String port = body.replaceAll("(?s).*port\\s*=\\s*\"([0-9]+)\".*", "$1");
            boolean world = body.contains("\"0.0.0.0/0\"");
            if (Set.of("11222", "7900").contains(port)) {
                assertTrue(body.contains("source_ips  = var.our_hosts"), "port " + port + " only from our hosts");
            }
            if (world) {
                assertTrue(Set.of("53", "80", "443").contains(port), "port " + port + " is not open to the world");
            }
        }
        assertTrue(rules >= 6, "the firewall rules were read: " + rules);
    }

    /** The node a Terraform host runs gets every setting the local cluster's nodes get. */
    @Test
    void aNodesCloudInitCarriesTheLocalClustersNodeSettings() throws Exception {
        Map<String, String> env = envFile(cloudInit("node", false), "/etc/geotier/node.env");
        Set<String> local = localKeys("deploy/local/lib.sh", "start_node", "(GEOTIER|QUARKUS)_[A-Z_]+(?==)");
        assertTrue(env.keySet().containsAll(local), "missing: " + difference(local, env.keySet()));
        AppConfig node = AppConfig.node();
        env.keySet().stream()
                .filter(k -> !k.equals("JAVA_OPTS"))
                .forEach(k -> AppConfig.requireMapped(node, k, "node.env"));
        assertEquals("203.0.113.10:80", env.get("GEOTIER_PUBLIC_ADDRESS"));
        assertEquals("203.0.113.20:11222", env.get("QUARKUS_INFINISPAN_CLIENT_HOSTS"), "its region's site");
    }

    @Test
    void theInfrastructureHostRunsGeodnsAndTheSiteAsTheLocalClusterDoes() throws Exception {
        JsonNode cloudInit = cloudInit("infra", true);
        Map<String, String> env = envFile(cloudInit, "/etc/geotier/geodns.env");
        Set<String> local = new TreeSet<>();
        Matcher m = Pattern.compile("echo \"([a-z.-]+)=")
                .matcher(section(Repo.read("deploy/local/up"), "write_geodns_config"));
        while (m.find()) {
            local.add(AppConfig.toEnv(m.group(1)));
        }
        local.addAll(localKeys("deploy/local/lib.sh", "start_geodns", "(GEODNS|QUARKUS)_[A-Z_]+(?==)"));
        // Loopback's stand-in for places; a real install places by GeoIP (operations.md: coverage zones)
        local.remove("GEODNS_STEERING_COVERAGE_ZONES");
        assertTrue(env.keySet().containsAll(local), "missing: " + difference(local, env.keySet()));
        AppConfig geodns = AppConfig.geodns();
        env.keySet().stream()
                .filter(k -> !k.equals("JAVA_OPTS"))
                .forEach(k -> AppConfig.requireMapped(geodns, k, "geodns.env"));
        String zone = file(cloudInit, "/etc/geotier/zone.txt");
        assertTrue(zone.contains("ns-eu-west A 203.0.113.20") && zone.contains("ns-us-east A 198.51.100.20"), zone);
        String xml = file(cloudInit, "/etc/geotier/infinispan/infinispan.xml");
        assertEquals(InfinispanCaches.local(), InfinispanCaches.of(xml), "the local cluster's caches");
        for (String cache : InfinispanCaches.local().keySet()) {
            assertEquals(Set.of("us-east", "ap-southeast"), InfinispanCaches.backups(xml, cache), cache);
        }
        Properties infinispan = new Properties();
        infinispan.load(new java.io.StringReader(file(cloudInit, "/etc/geotier/infinispan.env")));
        for (String used : List.of("INFINISPAN_BIND", "INFINISPAN_NODE_NAME", "INFINISPAN_BRIDGE_KEYSTORE_PASSWORD")) {
            assertTrue(infinispan.containsKey(used), used);
        }
        assertTrue(Repo.read("deploy/vm/units/geotier-infinispan.service").contains("${INFINISPAN_BIND}"));
    }

    /** cloud-init as the region module renders it for one host of eu-west (terraform console's templatefile). */
    private static JsonNode cloudInit(String role, boolean geodns) throws Exception {
        String sites =
                "{ \"eu-west\" = \"203.0.113.20\", \"us-east\" = \"198.51.100.20\", \"ap-southeast\" = \"192.0.2.20\" }";
        String xml = String.format(
                "templatefile(\"%s\", { site = \"eu-west\", sites = %s, site_hosts = \"203.0.113.20[7800]\", keystore = \"/etc/geotier/infinispan/bridge.p12\" })",
                TF.resolve("templates/infinispan.xml.tftpl"), sites);
        String settings =
                "{ zone = \"cdn.example.com.\", steered_name = \"files\", origin_url = \"https://origin.example.com\","
                        + " admin_token = \"t\", infinispan_node_password = \"p\", infinispan_admin_password = \"a\","
                        + " bridge_keystore_base64 = \"Yg==\", bridge_keystore_password = \"k\", release_url = \"https://example.com/g.tgz\","
                        + " geoip_account_id = \"1\", geoip_license_key = \"l\" }";
        String expression = String.format(
                "templatefile(\"%s\", { role = \"%s\", region = \"eu-west\", latitude = 51.51, longitude = -0.13,"
                        + " site_host = \"203.0.113.20\", sites = %s, name_servers = %s, settings = %s, infinispan_xml = %s,"
                        + " public_address = \"%s\", geodns = %s, store_budget = \"200G\" })",
                TF.resolve("templates/cloud-init.yaml.tftpl"),
                role,
                sites,
                sites,
                settings,
                xml,
                role.equals("node") ? "203.0.113.10" : "203.0.113.20",
                geodns);
        Path empty = Files.createTempDirectory("tf-console");
        Repo.Ran ran = Repo.run(empty, NO_RC, expression + "\n", "terraform", "console");
        assertEquals(0, ran.status(), ran.err());
        String text = ran.out().strip();
        text = text.substring(text.indexOf('\n') + 1, text.lastIndexOf('\n')); // <<EOT ... EOT
        assertTrue(text.startsWith("#cloud-config"), text);
        return Manifests.yaml(text);
    }

    private static String file(JsonNode cloudInit, String path) {
        for (JsonNode f : cloudInit.get("write_files")) {
            if (f.get("path").asText().equals(path)) {
                return f.get("content").asText();
            }
        }
        throw new AssertionError("cloud-init writes no " + path);
    }

    private static Map<String, String> envFile(JsonNode cloudInit, String path) {
        Map<String, String> env = new HashMap<>();
        for (String line : file(cloudInit, path).split("\n")) {
            if (line.contains("=") && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    private static Set<String> localKeys(String file, String function, String regex) throws Exception {
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(section(Repo.read(file), function));
        while (m.find()) {
            keys.add(m.group());
        }
        assertTrue(!keys.isEmpty(), file + " " + function);
        return keys;
    }

    private static String section(String script, String function) {
        int start = script.indexOf(function + "() {");
        assertTrue(start >= 0, function);
        return script.substring(start, script.indexOf("\n}\n", start));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static List<Path> moduleDirs() throws Exception {
        try (Stream<Path> modules = Files.list(TF.resolve("modules"))) {
            return Stream.concat(
                            Stream.of(TF), modules.filter(Files::isDirectory).sorted())
                    .toList();
        }
    }

    static List<Path> tfFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".tf")).sorted().toList();
        }
    }
}
