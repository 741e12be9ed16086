package io.geotier.node.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Any Range header against any object size: refused as malformed (416), ignored (null), or read
 * into ranges that lie inside the object, in order, apart from each other, so that no 206 is ever
 * larger than the object. In the build it fuzzes for the duration below.
 */
class RangeFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void anyRangeHeaderGivesRangesInsideTheObject(FuzzedDataProvider data) {
        long size = data.consumeBoolean() ? data.consumeLong(0, 1L << 40) : data.consumeLong(0, 4096);
        String header = data.consumeRemainingAsString();
        ByteRanges ranges;
        try {
            ranges = ByteRanges.parse(header);
        } catch (ByteRanges.MalformedRangeException refused) {
            return;
        }
        if (ranges == null) {
            return;
        }
        List<ByteRanges.Range> inside = ranges.satisfiable(size);
        long total = 0;
        long end = -2; // the first range may start at byte 0
        for (ByteRanges.Range r : inside) {
            assertTrue(r.first() >= 0 && r.first() <= r.last() && r.last() < size, r + " inside " + size);
            assertTrue(r.first() > end + 1, "ordered, apart (adjacent ones merged): " + inside);
            end = r.last();
            total += r.length();
        }
        assertTrue(total <= size, "never more bytes than the object");
    }
}
