package io.geotier.harness.infinispan;

import java.util.stream.Collectors;

/**
 * Turns the packaged infinispan.xml into one server's configuration: a lone site runs the
 * loopback stack as it is; a site of several gets RELAY2 on top of it, a TLS bridge to the other
 * sites, and an ASYNC backup to each of them on every shared cache.
 */
final class ServerConfig {

    static final String LOCAL_STACK = "geotier-tcpping";
    static final String XSITE_STACK = "geotier-xsite";
    private static final String STACK_TOKEN = "@geotier.transport.stack@";
    private static final String STACKS_MARK = "<!-- geotier:xsite-stacks";
    private static final String BACKUPS_MARK = "<!-- geotier:backups -->";

    private ServerConfig() {}

    static String render(String template, InfinispanServerOptions options) {
        CrossSite site = options.crossSite();
        if (site == null) {
            return template.replace(STACK_TOKEN, LOCAL_STACK);
        }
        int mark = template.indexOf(STACKS_MARK);
        int markEnd = template.indexOf("-->", mark) + 3;
        String withStacks = template.substring(0, mark) + stacks(options, site) + template.substring(markEnd);
        return withStacks.replace(STACK_TOKEN, XSITE_STACK).replace(BACKUPS_MARK, backups(site));
    }

    private static String stacks(InfinispanServerOptions o, CrossSite site) {
        String bind = o.bindAddress();
        String key = xml(site.keystore().toAbsolutePath().toString());
        String password = xml(site.keystorePassword());
        String hosts = site.bridgePorts().values().stream()
                .map(p -> bind + "[" + p + "]")
                .collect(Collectors.joining(","));
        String remoteSites = site.bridgePorts().keySet().stream()
                .map(s -> "          <remote-site name=\"" + xml(s) + "\"/>")
                .collect(Collectors.joining("\n"));
        return """
            <!-- The bridge between sites: TLS with mutual authentication, one key pair for the run. -->
            <stack name="geotier-bridge" extends="tcp">
              <TCP bind_addr="%1$s" bind_port="%2$d" port_range="0"
                   tls.enabled="true" tls.client_auth="NEED"
                   tls.keystore_path="%3$s" tls.keystore_password="%4$s" tls.keystore_type="PKCS12"
                   tls.truststore_path="%3$s" tls.truststore_password="%4$s" tls.truststore_type="PKCS12"/>
              <TCPPING initial_hosts="%5$s" port_range="0" stack.combine="REPLACE" stack.position="MPING"/>
              <FD_SOCK2 offset="100" bind_addr="%1$s"/>
            </stack>
            <stack name="%6$s" extends="%7$s">
              <relay.RELAY2 site="%8$s" max_site_masters="1"/>
              <remote-sites default-stack="geotier-bridge">
            %9$s
              </remote-sites>
            </stack>
        """.formatted(
                bind, site.bridgePort(), key, password, hosts, XSITE_STACK, LOCAL_STACK, xml(site.site()), remoteSites);
    }

    private static String backups(CrossSite site) {
        String each = site.otherSites().stream()
                .map(s -> "        <backup site=\"" + xml(s)
                        + "\" strategy=\"ASYNC\"><state-transfer mode=\"AUTO\"/></backup>")
                .collect(Collectors.joining("\n"));
        return "<backups>\n" + each + "\n      </backups>";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
