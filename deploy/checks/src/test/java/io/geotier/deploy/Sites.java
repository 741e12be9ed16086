package io.geotier.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** deploy/k8s/sites.tsv: the example install's sites and the addresses of their bridges. */
final class Sites {

    private Sites() {}

    static Map<String, String> bridges() throws Exception {
        Map<String, String> sites = new LinkedHashMap<>();
        for (String line : Repo.read("deploy/k8s/sites.tsv").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\t");
                sites.put(f[0], f[1]);
            }
        }
        return sites;
    }
}
