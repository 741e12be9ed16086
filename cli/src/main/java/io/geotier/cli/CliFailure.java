package io.geotier.cli;

/** A command that could not do what it was asked: a message for the operator and an exit code. */
final class CliFailure extends RuntimeException {

    /** The cluster answered with a refusal or an error. */
    static final int REFUSED = 1;
    /** A part of the cluster could not be reached. */
    static final int UNREACHABLE = 3;
    /** No admin token, or one the cluster did not accept. */
    static final int UNAUTHORIZED = 4;

    final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
