package io.geotier.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * route() against stand-in nodes and a stand-in geodns: the node closest to the user, the next
 * one when it fails, the origin plus one sync when nothing holds the object, and the base URL
 * when geodns cannot be asked.
 */
class RouteTest {

    private final StandIns.Node near = new StandIns.Node();
    private final StandIns.Node far = new StandIns.Node();
    private final StandIns.Node base = new StandIns.Node();
    private final StandIns.Geodns geodns = new StandIns.Geodns();
    private final StandIns.Clock clock = new StandIns.Clock();

    @AfterEach
    void stop() {
        near.close();
        far.close();
        base.close();
        geodns.close();
    }

    private CacheClient client() {
        geodns.answer = () -> StandIns.Geodns.steering(30, "eu-west", near.url(), "us-east", far.url());
        return CacheClient.builder(base.url())
                .steering(geodns.url())
                .timeout(Duration.ofSeconds(1))
                .clock(clock)
                .build();
    }

    private static InetAddress london() throws Exception {
        return InetAddress.getByName("81.2.69.160");
    }

    @Test
    void theUserIsSentToTheNodeClosestToThemAndGeodnsIsAskedAboutTheirNetwork() throws Exception {
        near.cached.add("ep.mp3");
        far.cached.add("ep.mp3");
        Route route = client().route("ep.mp3", london());
        assertEquals(new Route.ToCache(URI.create(near.url() + "/ep.mp3")), route);
        assertEquals(List.of("client=81.2.69.0/24"), geodns.asked, "the user's /24, as ECS would send it");
    }

    @Test
    void notCachedMeansOriginAndOneSyncPerCacheTimeThenTheCacheOnceFilled() throws Exception {
        CacheClient client = client();
        assertEquals(new Route.ToOrigin(true), client.route("ep.mp3", london()));
        assertTrue(near.received("POST /api/v1/objects/ep.mp3/sync null"), "the near node was asked to sync");
        assertEquals(new Route.ToOrigin(false), client.route("ep.mp3", london()), "no second sync");
        assertEquals(1, near.requests.stream().filter(r -> r.startsWith("POST")).count());
        clock.advance(Duration.ofSeconds(11)); // past the negative cache time: the node filled meanwhile
        assertEquals(new Route.ToCache(URI.create(near.url() + "/ep.mp3")), client.route("ep.mp3", london()));
        assertEquals(1, geodns.asked.size(), "geodns's answer is kept for its TTL (30 s)");
    }

    @Test
    void aNodeThatIsDownOrSlowIsPassedOverForTheNext() throws Exception {
        far.cached.add("ep.mp3");
        near.delay = Duration.ofSeconds(3); // slower than the 1 s timeout
        CacheClient client = client();
        assertEquals(new Route.ToCache(URI.create(far.url() + "/ep.mp3")), client.route("ep.mp3", london()));
        near.requests.clear();
        assertEquals(new Route.ToOrigin(true), client.route("other.mp3", london()));
        assertTrue(far.received("POST /api/v1/objects/other.mp3/sync null"), "the sync goes to the node asked");
        assertEquals(List.of(), near.requests, "a node that failed is skipped for a while");
    }

    @Test
    void withoutGeodnsTheBaseUrlIsUsed() throws Exception {
        base.cached.add("ep.mp3");
        CacheClient client = client();
        geodns.close();
        assertEquals(new Route.ToCache(URI.create(base.url() + "/ep.mp3")), client.route("ep.mp3", london()));
        assertEquals(new Route.ToCache(URI.create(base.url() + "/ep.mp3")), client.route("ep.mp3"));
    }

    @Test
    void aMappedNodeUrlIsWhereUsersAreSent() throws Exception {
        near.cached.add("ep.mp3");
        // geodns knows the node by an address users cannot reach (say, a private one)
        URI registered = URI.create("http://192.0.2.1:8080");
        geodns.answer = () -> StandIns.Geodns.steering(30, "eu-west", registered, "us-east", far.url());
        CacheClient client = CacheClient.builder(base.url())
                .steering(geodns.url())
                .nodeUrl(n -> n.name().equals("eu-west-1") ? near.url() : n.url())
                .clock(clock)
                .build();
        assertEquals(new Route.ToCache(URI.create(near.url() + "/ep.mp3")), client.route("ep.mp3", london()));
    }

    @Test
    void whenEveryNodeFailsTheUserGoesToTheOriginWithoutASync() throws Exception {
        near.delay = Duration.ofSeconds(3);
        far.delay = Duration.ofSeconds(3);
        assertEquals(new Route.ToOrigin(false), client().route("ep.mp3", london()));
    }
}
