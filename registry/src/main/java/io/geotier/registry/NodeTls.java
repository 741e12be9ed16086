package io.geotier.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTPS from one Geotier part to a node it knows by address (geodns's probes, a node's peer
 * fills). The registry gives addresses, and a node's certificate names the service users download
 * from (cdn.example.com), not its address: so the chain is checked against the trust given (the
 * JDK's when none) and the certificate's names against that service name instead of the address
 * dialled. Everything else is the JDK's TLS.
 */
public final class NodeTls {

    private NodeTls() {}

    /**
     * A TLS context for dialling nodes whose certificates name {@code serviceName}.
     *
     * @param trustPem PEM certificates of the authorities to trust; empty for the JDK's own
     */
    public static SSLContext context(String serviceName, Optional<Path> trustPem)
            throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustPem.isPresent() ? keyStore(trustPem.get()) : null);
        X509TrustManager chain = null;
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                chain = x;
            }
        }
        if (chain == null) {
            throw new GeneralSecurityException("no X.509 trust manager");
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new ServiceNameTrust(chain, serviceName)}, null);
        return context;
    }

    private static KeyStore keyStore(Path pem) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("trusted-" + i++, c);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in " + pem);
            }
        }
        return store;
    }

    /** Whether the certificate names the service: a DNS subject alternative name, "*." for one label. */
    static boolean names(X509Certificate certificate, String serviceName) throws CertificateParsingException {
        String wanted = serviceName.toLowerCase(Locale.ROOT);
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives == null) {
            return false;
        }
        for (List<?> alternative : alternatives) {
            if (Integer.valueOf(2).equals(alternative.get(0))
                    && matches(((String) alternative.get(1)).toLowerCase(Locale.ROOT), wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String name) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(name);
        }
        int dot = name.indexOf('.');
        return dot > 0 && name.substring(dot).equals(pattern.substring(1));
    }

    /** The JDK's chain check, then the service name in place of the dialled address. */
    private static final class ServiceNameTrust extends X509ExtendedTrustManager {
        private final X509TrustManager chain;
        private final String serviceName;

        ServiceNameTrust(X509TrustManager chain, String serviceName) {
            this.chain = chain;
            this.serviceName = serviceName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
            chain.checkServerTrusted(certificates, authType);
            if (certificates.length == 0 || !names(certificates[0], serviceName)) {
                throw new CertificateException("the node's certificate does not name " + serviceName);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(certificates, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(certificates, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
            throw new CertificateException("dials out only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("dials out only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("dials out only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
        }
    }
}
