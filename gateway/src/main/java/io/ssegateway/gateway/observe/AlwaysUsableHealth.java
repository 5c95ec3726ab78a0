package io.ssegateway.gateway.observe;

import java.net.URI;
import java.util.function.BooleanSupplier;

/** Health without upstream checks: every upstream counts as usable; draining is whatever the supplier says. */
public final class AlwaysUsableHealth implements GatewayHealth {
    private final BooleanSupplier draining;

    /** Health that is draining while {@code draining} answers true. */
    public AlwaysUsableHealth(BooleanSupplier draining) {
        this.draining = draining;
    }

    @Override
    public boolean draining() {
        return draining.getAsBoolean();
    }

    @Override
    public boolean usable(String routeId, URI upstream) {
        return true;
    }
}
