package com.heartbeatmonitor.local;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One Kafka request written on the wire, to see what a listener does with a client it must refuse. A
 * Kafka client only reports a timeout when the broker closes on it (it reconnects until its deadline),
 * which a broker that is down or hangs would cause too; on the wire the difference shows: an answer, the
 * connection closed by the broker, or silence.
 */
final class KafkaWireProbe {

    /** What became of the request. */
    enum Outcome {
        /** The broker answered it. */
        ANSWERED,
        /** The broker closed the connection without an answer: it refused the client. */
        CLOSED,
        /** Nothing within the wait: not a refusal, a broker that does not answer. */
        SILENT
    }

    /** ApiVersions v0: the one request a SASL listener answers before authentication. */
    static final short API_VERSIONS = 18;
    /** Metadata v0 for every topic: needs an authenticated client on a SASL listener. */
    static final short METADATA = 3;

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int CORRELATION_ID = 4711;

    private KafkaWireProbe() {}

    /** Sends {@code apiKey} (version 0, empty body) in plaintext. */
    static Outcome plaintext(String hostPort, short apiKey) throws IOException {
        String[] at = hostPort.split(":");
        try (Socket socket = new Socket(at[0], Integer.parseInt(at[1]))) {
            return exchange(socket, apiKey);
        }
    }

    /** Sends {@code apiKey} (version 0, empty body) over TLS, trusting the CA in {@code caPem}. */
    static Outcome tls(String hostPort, Path caPem, short apiKey) throws Exception {
        String[] at = hostPort.split(":");
        try (SSLSocket socket =
                (SSLSocket) trusting(caPem).getSocketFactory().createSocket(at[0], Integer.parseInt(at[1]))) {
            socket.startHandshake(); // a failed handshake throws: that is another test's refusal
            return exchange(socket, apiKey);
        }
    }

    private static Outcome exchange(Socket socket, short apiKey) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.getOutputStream().write(request(apiKey));
        socket.getOutputStream().flush();
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            int correlationId = in.readInt();
            return size >= 4 && correlationId == CORRELATION_ID ? Outcome.ANSWERED : drain(in);
        } catch (EOFException | SocketException | SSLException closed) {
            return Outcome.CLOSED;
        } catch (SocketTimeoutException silent) {
            return Outcome.SILENT;
        }
    }

    /** Something that is not an answer to our request (e.g. a TLS alert): read on until the broker closes. */
    private static Outcome drain(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // not an answer
            }
            return Outcome.CLOSED;
        } catch (SocketException | SSLException closed) {
            return Outcome.CLOSED;
        } catch (SocketTimeoutException silent) {
            return Outcome.SILENT;
        }
    }

    /** Size, then request header v1 (api key, version 0, correlation id, client id), then an empty v0 body. */
    private static byte[] request(short apiKey) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(message);
        byte[] clientId = "wire-probe".getBytes(StandardCharsets.UTF_8);
        out.writeShort(apiKey);
        out.writeShort(0);
        out.writeInt(CORRELATION_ID);
        out.writeShort(clientId.length);
        out.write(clientId);
        if (apiKey == METADATA) {
            out.writeInt(0); // no topics named: all of them (v0)
        }
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        DataOutputStream frame = new DataOutputStream(framed);
        frame.writeInt(message.size());
        frame.write(message.toByteArray());
        return framed.toByteArray();
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
