package io.geotier.harness.origin;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs the demo origin in the foreground: {@code DemoOriginMain DIR [HOST] [PORT]}. Generates the
 * demo files into DIR if they are missing.
 */
public final class DemoOriginMain {

    private DemoOriginMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: DemoOriginMain DIR [HOST 127.0.0.1] [PORT 8000] [--fault-control]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 8000;
        DemoFiles.ensure(root);
        DemoOrigin origin = DemoOrigin.start(root, host, port).withoutLog();
        if (java.util.Arrays.asList(args).contains("--fault-control")) {
            origin.withFaultControl();
            System.out.println("faults switchable at " + origin.baseUri() + OriginControl.PATH);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(origin::close));
        System.out.println("demo origin serving " + origin.root() + " on " + origin.baseUri());
        Thread.currentThread().join();
    }
}
