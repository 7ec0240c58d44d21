package org.vehicleupdate.selfupdate.download;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens the JDK's blocking HTTP/1.1 connections for bundle downloads: with the configured CA file (or the JDK
 * trust store), a connect timeout, and a read timeout that cuts off a server gone silent, mid-body too. The
 * blocking client is used because its stream reads from the socket into the caller's buffer: on loopback it
 * keeps up with {@code curl}, where {@code java.net.http.HttpClient} hands the body over in 16 KiB pieces at
 * about half the speed. Redirects are followed by {@link HttpBundleDownloader}, so that a resumed download keeps
 * its Range header on the new location.
 */
public final class HttpConnections {
    private final Optional<SSLSocketFactory> tls;
    private final Duration connectTimeout;

    private HttpConnections(Optional<SSLSocketFactory> tls, Duration connectTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Trusts the CA file if one is given, otherwise the JDK's default trust store.
     *
     * @throws IllegalArgumentException when the CA file cannot be used
     */
    public static HttpConnections of(Optional<Path> caFile, Duration connectTimeout) {
        if (caFile.isEmpty()) {
            return new HttpConnections(Optional.empty(), connectTimeout);
        }
        try {
            return new HttpConnections(Optional.of(TrustedCertificates.from(caFile.get()).getSocketFactory()),
                    connectTimeout);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("CA file " + caFile.get() + ": " + e.getMessage(), e);
        }
    }

    /** A GET that is not sent yet; redirects are left to the caller. */
    HttpURLConnection open(URI uri, Duration readTimeout) throws IOException {
        // no proxy, as the JDK's HttpClient without a ProxySelector: the bundle server is reached directly
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https && tls.isPresent()) {
            https.setSSLSocketFactory(tls.get());
        }
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout(timeoutMillis(connectTimeout));
        connection.setReadTimeout(timeoutMillis(readTimeout));
        connection.setUseCaches(false);
        return connection;
    }

    /** 0 means "no timeout" to HttpURLConnection; a zero or negative duration here means "at once". */
    private static int timeoutMillis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }
}
