package io.geotier.node.api;

import io.geotier.node.fetch.ActiveFill;
import io.geotier.node.fetch.FillLease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The two kinds of body source: a complete stored file and a fill in flight. */
final class Sources {

    private Sources() {}

    static BodyPump.Source ofFile(Path file, long size) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BodyPump.Source() {
            @Override
            public long available() {
                return size;
            }

            @Override
            public int read(ByteBuffer target, long position) throws IOException {
                return channel.read(target, position);
            }

            @Override
            public void whenBeyond(long position, Runnable callback) {
                callback.run();
            }

            @Override
            public boolean complete() {
                return true;
            }

            @Override
            public boolean failed() {
                return false;
            }

            @Override
            public void close() {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read-only channel: nothing to lose
                }
            }
        };
    }

    /** Reads a fill as it is written; closing closes the reader's lease. */
    static BodyPump.Source ofFill(FillLease lease) {
        ActiveFill fill = lease.fill();
        return new BodyPump.Source() {
            @Override
            public long available() {
                return fill.written();
            }

            @Override
            public int read(ByteBuffer target, long position) throws IOException {
                return fill.read(target, position);
            }

            @Override
            public void whenBeyond(long position, Runnable callback) {
                fill.whenBeyond(position, callback);
            }

            @Override
            public boolean complete() {
                return fill.done().isDone() && !fill.done().isCompletedExceptionally();
            }

            @Override
            public boolean failed() {
                return fill.done().isCompletedExceptionally();
            }

            @Override
            public void close() {
                lease.close();
            }
        };
    }
}
