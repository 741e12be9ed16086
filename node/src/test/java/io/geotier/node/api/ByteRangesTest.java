package io.geotier.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangesTest {

    private static List<ByteRanges.Range> of(String header, long size) {
        return ByteRanges.parse(header).satisfiable(size);
    }

    @Test
    void rangesAreReadAgainstTheSize() {
        assertEquals(List.of(new ByteRanges.Range(0, 0)), of("bytes=0-0", 10));
        assertEquals(List.of(new ByteRanges.Range(5, 9)), of("bytes=5-", 10));
        assertEquals(List.of(new ByteRanges.Range(7, 9)), of("bytes=-3", 10));
        assertEquals(List.of(new ByteRanges.Range(0, 9)), of("bytes=-30", 10), "suffix longer than the object");
        assertEquals(List.of(new ByteRanges.Range(8, 9)), of("bytes=8-100", 10));
        assertEquals(List.of(new ByteRanges.Range(1, 2), new ByteRanges.Range(4, 5)), of("bytes=1-2, 4-5", 10));
        assertEquals(List.of(new ByteRanges.Range(1, 2)), of("bytes=1-2,20-30", 10), "unsatisfiable parts dropped");
        assertEquals(List.of(), of("bytes=10-", 10));
        assertEquals(List.of(), of("bytes=-0", 10));
        assertEquals(List.of(), of("bytes=0-5", 0));
    }

    @Test
    void absentOtherUnitsAndTooManyRangesAreIgnored() {
        assertNull(ByteRanges.parse(null));
        assertNull(ByteRanges.parse("items=0-1"));
        assertNull(ByteRanges.parse("bytes=" + "1-1,".repeat(ByteRanges.MAX_RANGES) + "1-1"));
    }

    @Test
    void malformedByteRangesAreRefused() {
        for (String bad : new String[] {
            "bytes",
            "bytes=",
            "bytes=a-b",
            "bytes=5-1",
            "bytes=1-2-3",
            "bytes=-",
            "bytes=,",
            "bytes=,,",
            "bytes=+1-2",
            "bytes=1-+2"
        }) {
            assertThrows(ByteRanges.MalformedRangeException.class, () -> ByteRanges.parse(bad), bad);
        }
    }

    @Test
    void firstStartIsKnownOnlyWithoutASuffix() {
        assertEquals(50, ByteRanges.parse("bytes=50-60").firstStart());
        assertEquals(-1, ByteRanges.parse("bytes=-60").firstStart());
    }

    @Test
    void overlappingAndAdjacentRangesAreMergedSoNoByteIsSentTwice() {
        long size = 100L << 20;
        assertEquals(
                List.of(new ByteRanges.Range(0, size - 1)),
                of("bytes=" + "0-,".repeat(15) + "0-", size),
                "16 times the whole object is the object once");
        assertEquals(List.of(new ByteRanges.Range(0, 9)), of("bytes=0-4,5-9", 10), "adjacent");
        assertEquals(List.of(new ByteRanges.Range(0, 6)), of("bytes=3-6,0-4", 10), "overlapping, out of order");
        assertEquals(List.of(new ByteRanges.Range(0, 1), new ByteRanges.Range(7, 9)), of("bytes=-3,0-1,8-8", 10));
        long total = of("bytes=" + "0-,-1,1-1,".repeat(20) + "0-", size).stream()
                .mapToLong(ByteRanges.Range::length)
                .sum();
        assertEquals(size, total, "never more bytes than the object");
    }

    @Test
    void emptyListElementsAndPositionsPastSixtyFourBitsAreAccepted() {
        assertEquals(List.of(new ByteRanges.Range(0, 1)), of("bytes=0-1,", 10), "RFC 9110 5.6.1 empty element");
        assertEquals(List.of(new ByteRanges.Range(0, 1)), of("bytes=, 0-1 ,,", 10));
        assertEquals(
                List.of(new ByteRanges.Range(5, 9)),
                of("bytes=5-99999999999999999999999", 10),
                "a last-byte position past 64 bits is the end");
        assertEquals(List.of(new ByteRanges.Range(0, 9)), of("bytes=-99999999999999999999999", 10));
        assertEquals(List.of(), of("bytes=99999999999999999999-", 10), "a first byte past any size: 416");
    }
}
