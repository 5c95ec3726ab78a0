package io.ssegateway.gateway.route;

/**
 * Where the handler finds the routes a new request is matched against. A reload replaces them; a request holds the
 * routes it started with (its {@link Lease}) until it ends, so an open stream keeps its route and plugins.
 */
public interface LiveRoutes {
    /** The current routes, held until the lease is closed. */
    Lease enter();

    /** Routes held by one request, from its match to its end. */
    interface Lease extends AutoCloseable {
        /** The routes. */
        RouteTable table();

        /** The request ended. */
        @Override
        void close();
    }

    /** Routes that never change. */
    static LiveRoutes fixed(RouteTable table) {
        Lease lease = new Lease() {
            @Override
            public RouteTable table() {
                return table;
            }

            @Override
            public void close() {
            }
        };
        return () -> lease;
    }
}
