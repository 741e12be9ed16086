package io.geotier.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One Terraform module directory: its variables (and whether each is required), locals, outputs, module calls. */
final class Module {

    record Call(String source, Set<String> arguments) {}

    private static final Set<String> META = Set.of("source", "for_each", "count", "depends_on", "providers", "version");

    final Map<String, Boolean> variables = new LinkedHashMap<>();
    final Set<String> locals = new TreeSet<>();
    final Set<String> outputs = new TreeSet<>();
    final Map<String, Call> calls = new LinkedHashMap<>();
    /** The module's .tf text without comments: what references are looked for in. */
    String text = "";

    static Module read(Path dir) throws Exception {
        Module module = new Module();
        module.text = uncommented(dir);
        blocks(dir, "variable")
                .forEach((name, body) ->
                        module.variables.put(name, !((Block) body).attributes().contains("default")));
        blocks(dir, "output").forEach((name, body) -> module.outputs.add(name));
        blocks(dir, "module").forEach((name, body) -> {
            Set<String> arguments = new TreeSet<>(((Block) body).attributes());
            arguments.removeAll(META);
            module.calls.put(name, new Call(((Block) body).source(), arguments));
        });
        Matcher locals = Pattern.compile("(?s)locals\\s*\\{(.*?)\\n}").matcher(module.text);
        while (locals.find()) {
            Matcher name = Pattern.compile("(?m)^  ([a-z_][a-z0-9_]*)\\s*=").matcher(locals.group(1));
            while (name.find()) {
                module.locals.add(name.group(1));
            }
        }
        return module;
    }

    /** The names after PREFIX. in this module's text (var, local, module). */
    Set<String> referenced(String prefix) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_.])" + prefix + "\\.([a-z_][a-z0-9_]*)")
                .matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Every block of one type (variable, output, module) in the directory's .tf files: its name and
     * its top-level attribute names. Read from the text as terraform fmt lays it out (the tests
     * require fmt's layout first): a block opens at the start of a line and closes with "}" there,
     * its attributes are indented two spaces. (hcl4j, the Java HCL parser, stops at for
     * expressions, which the validations use.)
     */
    static Map<String, Object> blocks(Path dir, String type) throws Exception {
        Map<String, Object> all = new LinkedHashMap<>();
        Pattern block = Pattern.compile("(?ms)^" + type + " \"([^\"]+)\" \\{\\n(.*?)^}");
        Pattern attribute = Pattern.compile("(?m)^  ([a-z_][a-z0-9_]*)\\s*=");
        Matcher m = block.matcher(uncommented(dir));
        while (m.find()) {
            Map<String, Boolean> attributes = new LinkedHashMap<>();
            Matcher a = attribute.matcher(m.group(2));
            while (a.find()) {
                attributes.put(a.group(1), true);
            }
            String source = m.group(2).replaceAll("(?ms).*?^  source\\s*=\\s*\"([^\"]+)\".*", "$1");
            all.put(m.group(1), new Block(attributes.keySet(), source));
        }
        return all;
    }

    /** A block's top-level attributes, and its source when it is a module call. */
    record Block(Set<String> attributes, String source) {}

    private static java.util.List<Path> files(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".tf")).sorted().toList();
        }
    }

    private static String uncommented(Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Path file : files(dir)) {
            for (String line : Files.readAllLines(file)) {
                text.append(line.replaceAll("^\\s*#.*", "")).append('\n');
            }
        }
        return text.toString();
    }
}
