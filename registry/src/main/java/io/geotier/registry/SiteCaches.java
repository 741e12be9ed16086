package io.geotier.registry;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;

/**
 * A site's caches, found by a thread of their own rather than when the application starts:
 * Hot Rod's {@code getCache} asks the server and waits for it, and the Quarkus extension does so
 * for every {@code @Remote} cache at start, so a node or geodns whose site was down could not
 * start. Here the lookups run on one daemon thread, retried every second until every cache is
 * found; the application start waits for them a short while, not for a site that is away.
 *
 * <p>The caches handed out are stand-ins that never block to find their cache (a lookup made on
 * a Netty event loop would wait for an answer that same loop must read): until their cache is
 * found, every call fails at once, as a call to a site that went away does, and callers already
 * treat that as "the cluster does not answer".
 */
public final class SiteCaches implements AutoCloseable {

    private final RemoteCacheManager manager;
    private final Map<String, RemoteCache<?, ?>> found = new ConcurrentHashMap<>();
    private final CountDownLatch allFound;
    private final Thread finder;

    public SiteCaches(RemoteCacheManager manager, Duration waitAtStart, List<String> names) {
        this.manager = manager;
        this.allFound = new CountDownLatch(1);
        this.finder = new Thread(() -> find(names), "site-caches");
        finder.setDaemon(true);
        finder.start();
        try {
            allFound.await(waitAtStart.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The named cache (one of those given at construction). */
    @SuppressWarnings("unchecked")
    public <K, V> RemoteCache<K, V> cache(String name) {
        InvocationHandler calls = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "RemoteCache[" + name + "]";
                };
            }
            RemoteCache<?, ?> cache = found.get(name);
            if (cache == null) {
                throw new IllegalStateException("the site has not answered yet (cache " + name + " not found)");
            }
            try {
                return method.invoke(cache, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (RemoteCache<K, V>)
                Proxy.newProxyInstance(RemoteCache.class.getClassLoader(), new Class<?>[] {RemoteCache.class}, calls);
    }

    private void find(List<String> names) {
        while (found.size() < names.size() && !Thread.currentThread().isInterrupted()) {
            for (String name : names) {
                if (!found.containsKey(name)) {
                    try {
                        RemoteCache<?, ?> cache = manager.getCache(name);
                        if (cache != null) {
                            found.put(name, cache);
                        }
                    } catch (RuntimeException e) {
                        // the site is away: try again in a second
                    }
                }
            }
            if (found.size() < names.size()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        allFound.countDown();
    }

    @Override
    public void close() {
        finder.interrupt();
    }
}
