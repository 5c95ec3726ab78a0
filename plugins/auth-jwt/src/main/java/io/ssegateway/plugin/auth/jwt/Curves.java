package io.ssegateway.plugin.auth.jwt;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Map;
import java.util.Optional;

/** The NIST curves of the ES algorithms: their JWK names, standard names and parameters. */
final class Curves {
    private static final Map<String, String> BY_JWK_NAME = Map.of(
            "P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

    private Curves() {
    }

    /** The standard name ({@code secp256r1}) of a JWK {@code crv} ({@code P-256}), if it is one of the three. */
    static Optional<String> fromJwkName(String crv) {
        return Optional.ofNullable(BY_JWK_NAME.get(crv));
    }

    /** The parameters of a curve by its standard name. */
    static ECParameterSpec spec(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the curve " + name, e);
        }
    }

    /** The standard name of the curve with these parameters, if it is one of the three. */
    static Optional<String> nameOf(ECParameterSpec params) {
        return BY_JWK_NAME.values().stream().filter(name -> same(spec(name), params)).findFirst();
    }

    private static boolean same(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
               && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }
}
