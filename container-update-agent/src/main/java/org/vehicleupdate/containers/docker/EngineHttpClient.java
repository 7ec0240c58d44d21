package org.vehicleupdate.containers.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.transport.UnixSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.CookieSpecFactory;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.impl.DefaultContentLengthStrategy;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * docker-java's transport on Apache HttpClient 5, over the engine's unix socket
 * ({@code unix:///run/podman/podman.sock}) or TCP ({@code tcp://host:2375}, TLS when docker-java's configuration
 * has certificates).
 *
 * <p>Why not docker-java's own Apache transport (zerodep): it sets up TLS whether the engine is reached over TLS
 * or not, that is the JDK's TLS provider with its trusted certificates and HttpClient's public-suffix list,
 * ~780 classes and ~3 MiB of heap loaded at every start and kept (~9 MiB resident, docs/footprint-and-speed.md).
 * Here TLS is set up only for an engine reached over TLS, and HttpClient's cookie handling (the other user of the
 * public-suffix list) is off: the engine sets no cookies.
 *
 * <p>Requests that take over the connection (attach, exec with stdin) are not supported; the agent makes none.
 */
public final class EngineHttpClient implements DockerHttpClient {
    private static final int MAX_CONNECTIONS = 100;

    private final CloseableHttpClient client;
    private final HttpHost host;
    private final String pathPrefix;

    /**
     * @param dockerHost {@code unix:///path}, {@code tcp://host:port}
     * @param tls        the engine's TLS settings from docker-java's configuration, when it is reached over TLS
     */
    public EngineHttpClient(URI dockerHost, Optional<SSLConfig> tls, Duration connectTimeout) {
        String scheme = dockerHost.getScheme();
        Optional<SSLContext> context = tls.map(EngineHttpClient::context);
        switch (scheme) {
            case "unix" -> {
                host = new HttpHost("unix", "localhost", 2375);
                pathPrefix = "";
            }
            case "tcp" -> {
                host = new HttpHost(context.isPresent() ? "https" : "http", dockerHost.getHost(), dockerHost.getPort());
                String path = dockerHost.getRawPath() == null ? "" : dockerHost.getRawPath();
                pathPrefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            }
            default -> throw new IllegalArgumentException("unsupported container engine address: " + dockerHost
                    + " (expected unix:///path or tcp://host:port)");
        }
        String socketPath = dockerHost.getPath();
        Optional<TlsSocketStrategy> tlsStrategy = context.map(DefaultClientTlsStrategy::new);
        DefaultHttpClientConnectionOperator operator = new DefaultHttpClientConnectionOperator(
                proxy -> "unix".equals(scheme) ? UnixSocket.get(socketPath)
                        : proxy == null ? new Socket() : new Socket(proxy),
                DefaultSchemePortResolver.INSTANCE, SystemDefaultDnsResolver.INSTANCE,
                name -> "https".equals(name) ? tlsStrategy.orElse(null) : null);
        // a body that runs to the end of the connection ("Transfer-Encoding: identity", a stream) has no length
        ManagedHttpClientConnectionFactory connections = new ManagedHttpClientConnectionFactory(null, null, null, null,
                message -> {
                    Header encoding = message.getFirstHeader("Transfer-Encoding");
                    return encoding != null && "identity".equalsIgnoreCase(encoding.getValue())
                            ? DefaultContentLengthStrategy.UNDEFINED
                            : DefaultContentLengthStrategy.INSTANCE.determineLength(message);
                }, null);
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(operator,
                PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, connections);
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setDefaultMaxPerRoute(MAX_CONNECTIONS);
        pool.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setValidateAfterInactivity(TimeValue.NEG_ONE_SECOND)
                .setConnectTimeout(Timeout.of(connectTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .build());
        client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.DISABLED).build())
                .disableCookieManagement()
                // without a registry of its own the builder makes the default one, which loads the suffix list
                .setDefaultCookieSpecRegistry(RegistryBuilder.<CookieSpecFactory>create().build())
                .disableConnectionState()
                .disableAuthCaching()
                .disableRedirectHandling()
                .build();
    }

    private static SSLContext context(SSLConfig tls) {
        try {
            return tls.getSSLContext();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the container engine's TLS settings: " + e.getMessage(), e);
        }
    }

    @Override
    public Response execute(Request request) {
        if (request.hijackedInput() != null) {
            throw new UnsupportedOperationException(request.method() + " " + request.path()
                    + ": requests that take over the connection are not supported");
        }
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), URI.create(pathPrefix + request.path()));
        http.setScheme(host.getSchemeName());
        http.setAuthority(new URIAuthority(host.getHostName(), host.getPort()));
        request.headers().forEach(http::addHeader);
        byte[] bytes = request.bodyBytes();
        if (bytes != null) {
            http.setEntity(new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON));
        } else if (request.body() != null) {
            http.setEntity(new InputStreamEntity(request.body(), ContentType.APPLICATION_JSON));
        }
        try {
            return new EngineResponse(http, client.executeOpen(host, http, null));
        } catch (IOException e) {
            http.abort();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    private record EngineResponse(HttpUriRequestBase request, ClassicHttpResponse response) implements Response {
        @Override
        public int getStatusCode() {
            return response.getCode();
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header header : response.getHeaders()) {
                headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
            }
            return headers;
        }

        @Override
        public String getHeader(String name) {
            Header header = response.getFirstHeader(name);
            return header == null ? null : header.getValue();
        }

        @Override
        public InputStream getBody() {
            try {
                return response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            // as docker-java's own transports do: a response closed before its end (a pull's progress stream, an
            // error) must not leave its connection to the next request
            request.abort();
            try {
                response.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
