package io.geotier.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one application reads: the property names of its {@code @ConfigMapping} classes (found in
 * its own jar, walked as SmallRye Config names them), its application.properties, and the
 * Quarkus keys its README documents. Deploy files are checked against this, not against a list
 * kept beside them.
 */
final class AppConfig {

    private final Set<String> mapped = new TreeSet<>();
    private final Properties properties = new Properties();
    private final Set<String> documentedEnv = new TreeSet<>();

    private AppConfig() {}

    static AppConfig node() throws Exception {
        return of(io.geotier.node.cluster.NodeIdentity.class, "node/README.md");
    }

    static AppConfig geodns() throws Exception {
        return of(io.geotier.geodns.GeodnsConfig.class, "geodns/README.md");
    }

    private static AppConfig of(Class<?> anyClass, String readme) throws Exception {
        AppConfig config = new AppConfig();
        Path jar = codeSource(anyClass);
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && !name.contains("$$")) {
                    Class<?> type = Class.forName(
                            name.substring(0, name.length() - 6).replace('/', '.'), false, anyClass.getClassLoader());
                    ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                    if (mapping != null) {
                        config.walk(mapping.prefix(), type);
                    }
                }
            }
            try (InputStream in = file.getInputStream(file.getEntry("application.properties"))) {
                config.properties.load(in);
            }
        }
        Matcher env = Pattern.compile("`(QUARKUS_[A-Z0-9_]+)`").matcher(Repo.read(readme));
        while (env.find()) {
            config.documentedEnv.add(env.group(1));
        }
        Matcher key = Pattern.compile("`(quarkus\\.[a-z0-9.-]+)`").matcher(Repo.read(readme));
        while (key.find()) {
            config.documentedEnv.add(toEnv(key.group(1)));
        }
        return config;
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        Path location =
                Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(location)) {
            throw new IllegalStateException(type + " is not in a jar: " + location + " (run through Maven's verify)");
        }
        return location;
    }

    private void walk(String prefix, Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class)
                    ? prefix
                    : join(
                            prefix,
                            Optional.ofNullable(method.getAnnotation(WithName.class))
                                    .map(WithName::value)
                                    .orElse(kebab(method.getName())));
            add(name, method.getGenericReturnType());
        }
    }

    private void add(String name, Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == Optional.class || List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                add(name, args[0]);
                return;
            }
            if (java.util.Map.class.isAssignableFrom(raw)) {
                add(name + ".*", args[1]);
                return;
            }
        }
        if (type instanceof Class<?> c && c.isInterface() && !c.getName().startsWith("java.")) {
            walk(name, c);
            return;
        }
        mapped.add(name);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** A property name as an environment variable (SmallRye's rule: upper case, the rest underscores). */
    static String toEnv(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Whether a GEOTIER_ / GEODNS_ variable names a property of a @ConfigMapping class. */
    boolean mapsVariable(String variable) {
        for (String property : mapped) {
            StringBuilder regex = new StringBuilder();
            String[] pieces = property.split("\\*", -1);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    regex.append("[A-Z0-9_]+"); // a map key
                }
                regex.append(Pattern.quote(toEnv(pieces[i])));
            }
            if (variable.matches(regex.toString())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a QUARKUS_ variable is one the application's README documents or its application.properties sets. */
    boolean knowsQuarkusVariable(String variable) {
        return documentedEnv.contains(variable)
                || properties.stringPropertyNames().stream()
                        .map(AppConfig::toEnv)
                        .anyMatch(variable::equals);
    }

    /** Whether a property name (geotier.public-address) is one the application reads. */
    boolean mapsProperty(String property) {
        return mapsVariable(toEnv(property));
    }

    String property(String name, String fallback) {
        return properties.getProperty(name, fallback);
    }

    List<String> mappedProperties() {
        return new ArrayList<>(mapped);
    }

    static void requireMapped(AppConfig app, String variable, String where) {
        boolean ok = variable.startsWith("QUARKUS_") ? app.knowsQuarkusVariable(variable) : app.mapsVariable(variable);
        if (!ok) {
            throw new AssertionError(where + ": " + variable + " is not a setting the application reads");
        }
    }
}
