package io.geotier.node.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.MultiMap;
import java.time.Instant;

/**
 * Any If-None-Match, If-Modified-Since and If-Range, against any stored ETag and date: refused as
 * malformed (400) or read into conditions that answer without throwing. In the build it fuzzes
 * for the duration below.
 */
class ConditionalFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void anyConditionalHeadersAreRefusedOrDecided(FuzzedDataProvider data) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : new String[] {"If-None-Match", "If-Modified-Since", "If-Range"}) {
            if (data.consumeBoolean()) {
                headers.add(name, data.consumeString(200));
            }
        }
        String etag = data.consumeBoolean() ? null : data.consumeString(80);
        Instant modified = data.consumeBoolean() ? null : Instant.ofEpochSecond(data.consumeLong(0, 1L << 36));
        Preconditions conditions;
        try {
            conditions = Preconditions.parse(headers);
        } catch (Preconditions.MalformedConditionException refused) {
            return;
        }
        conditions.notModified(etag, modified);
        conditions.rangeApplies(etag, modified);
    }
}
