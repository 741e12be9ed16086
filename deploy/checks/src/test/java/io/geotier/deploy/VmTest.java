package io.geotier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM path: systemd-analyze verify accepts every unit, each unit is hardened, the install
 * script lays a release out under a root directory as the units expect it, and the example
 * environment files hold only settings the applications read. shellcheck checks the scripts.
 */
class VmTest {

    private static final List<String> UNITS =
            List.of("geotier-node.service", "geotier-geodns.service", "geotier-infinispan.service");

    @Test
    void systemdAcceptsEveryUnit() throws Exception {
        for (String unit : UNITS) {
            Repo.Ran verify = Repo.run("systemd-analyze", "verify", "deploy/vm/units/" + unit);
            assertEquals(0, verify.status(), unit + ": " + verify.err());
            assertEquals("", (verify.out() + verify.err()).strip(), unit + ": no warning either");
        }
    }

    @Test
    void everyUnitIsHardened() throws Exception {
        for (String unit : UNITS) {
            String text = Repo.read("deploy/vm/units/" + unit);
            for (String directive : List.of(
                    "NoNewPrivileges=yes",
                    "ProtectSystem=strict",
                    "ProtectHome=yes",
                    "PrivateTmp=yes",
                    "PrivateDevices=yes",
                    "ProtectKernelTunables=yes",
                    "RestrictSUIDSGID=yes",
                    "LimitNOFILE=")) {
                assertTrue(text.contains(directive), unit + ": " + directive);
            }
            Matcher user = Pattern.compile("(?m)^User=(.+)$").matcher(text);
            assertTrue(user.find() && !user.group(1).equals("root"), unit + ": a dedicated user");
        }
    }

    @Test
    void theInstallScriptLaysOutWhatTheUnitsRead(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc/geotier"));
        for (String env : List.of("node", "geodns", "infinispan")) {
            Files.copy(Repo.path("deploy/vm/env/" + env + ".env.example"), root.resolve("etc/geotier/" + env + ".env"));
        }
        Repo.Ran install = Repo.run("deploy/vm/install", "--root", root.toString(), "node", "geodns", "infinispan");
        assertEquals(0, install.status(), install.out() + install.err());
        for (String unit : UNITS) {
            Path installed = root.resolve("etc/systemd/system/" + unit);
            assertTrue(Files.exists(installed), unit);
            String text = Files.readString(installed);
            Matcher jar = Pattern.compile("(/opt/geotier/[^ ]+?)(\\*|\\s)").matcher(text);
            while (jar.find()) {
                Path path = root.resolve(jar.group(1).substring(1));
                assertTrue(Files.exists(path), unit + " runs " + jar.group(1));
            }
            Matcher env = Pattern.compile("(?m)^EnvironmentFile=(.+)$").matcher(text);
            assertTrue(env.find(), unit);
            Path envFile = root.resolve(env.group(1).substring(1));
            assertEquals(
                    "rw-r-----",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)),
                    envFile.toString());
        }
        Path users = root.resolve("var/lib/infinispan/conf/users.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        Properties realm = new Properties();
        realm.load(Files.newBufferedReader(users));
        assertEquals("change-me", realm.getProperty("geotier-node"));
        assertTrue(Files.readString(root.resolve("var/lib/infinispan/conf/groups.properties"))
                .contains("geotier-node=application"));
        Repo.Ran missing =
                Repo.run("deploy/vm/install", "--root", root.resolve("empty").toString(), "node");
        assertEquals(1, missing.status(), "no environment file: refused");
        assertTrue(missing.err().contains("node.env is missing"), missing.err());
    }

    @Test
    void theExampleEnvironmentsHoldOnlySettingsTheApplicationsRead() throws Exception {
        Map<String, AppConfig> apps = Map.of("node", AppConfig.node(), "geodns", AppConfig.geodns());
        for (var app : apps.entrySet()) {
            for (String line :
                    Repo.read("deploy/vm/env/" + app.getKey() + ".env.example").split("\n")) {
                if (line.contains("=") && !line.startsWith("#")) {
                    String key = line.substring(0, line.indexOf('='));
                    if (!key.equals("JAVA_OPTS")) { // the unit's, for the JVM
                        AppConfig.requireMapped(app.getValue(), key, app.getKey() + ".env.example");
                    }
                }
            }
        }
    }

    @Test
    void shellcheckAcceptsTheScripts() throws Exception {
        Repo.Ran check = Repo.run("shellcheck", "-x", "deploy/vm/install", "deploy/vm/package", "deploy/k8s/render");
        assertEquals(0, check.status(), check.out() + check.err());
    }
}
