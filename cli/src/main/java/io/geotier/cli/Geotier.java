package io.geotier.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's command line: {@code geotier status | purge | upload | prefetch | drain |
 * undrain | dig}. Exit codes: 0 done, 1 refused or failed by the cluster, 2 bad usage, 3 a part
 * of the cluster unreachable, 4 no admin token or a token refused.
 */
@Command(
        name = "geotier",
        mixinStandardHelpOptions = true,
        version = "geotier 0.1.0",
        description = "Operate a Geotier cluster.",
        subcommands = {
            StatusCommand.class,
            PurgeCommand.class,
            UploadCommand.class,
            PrefetchCommand.class,
            DrainCommand.Drain.class,
            DrainCommand.Undrain.class,
            DigCommand.class
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:done",
            "1:refused or failed by the cluster",
            "2:bad usage",
            "3:a part of the cluster could not be reached",
            "4:no admin token, or one the cluster refused"
        })
public final class Geotier {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Geotier());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliFailure failure) {
                line.getErr().println("geotier: " + failure.getMessage());
                line.getErr().flush();
                return failure.exitCode;
            }
            throw e;
        });
        return cli;
    }
}
