package com.heartbeatmonitor.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throw-away CA and server certificates made with {@code openssl} at test time, in a folder of the
 * test's own: nothing is committed, nothing outlives the test. EC P-256 keys, valid for two days, each
 * server certificate naming 127.0.0.1 and localhost, so clients can verify the host.
 */
final class TestCertificates {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path caKey;
    private final Path caPem;

    private TestCertificates(Path dir, Path caKey, Path caPem) {
        this.dir = dir;
        this.caKey = caKey;
        this.caPem = caPem;
    }

    /** A new CA named {@code name}, its files under {@code dir}. */
    static TestCertificates newCa(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        // The CA's key signs what the tests trust: for this process's user only.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path key = dir.resolve(name + ".key");
        Path pem = dir.resolve(name + ".pem");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                pem.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=" + name,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        return new TestCertificates(dir, key, pem);
    }

    /** The CA's certificate, PEM: what clients trust. */
    Path caPem() {
        return caPem;
    }

    /** A server key and certificate signed by this CA: {@code name.key} (PKCS#8 PEM) and {@code name.crt}. */
    ServerCertificate server(String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        Path ext = Files.writeString(
                dir.resolve(name + ".ext"),
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                        + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                        + "extendedKeyUsage=serverAuth\n");
        openssl(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                csr.toString(),
                "-subj",
                "/CN=" + name);
        openssl(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caPem.toString(),
                "-CAkey",
                caKey.toString(),
                "-CAcreateserial",
                "-out",
                crt.toString(),
                "-days",
                "2",
                "-extfile",
                ext.toString());
        return new ServerCertificate(key, crt);
    }

    /** A server's key and certificate. */
    final class ServerCertificate {
        final Path key;
        final Path certificate;

        ServerCertificate(Path key, Path certificate) {
            this.key = key;
            this.certificate = certificate;
        }

        /** Key, certificate and CA in a PKCS12 keystore (a Kafka broker's), under {@code password}. */
        Path pkcs12(String password) throws IOException, InterruptedException {
            Path store = certificate.resolveSibling(
                    certificate.getFileName().toString().replace(".crt", ".p12"));
            // The password goes through the environment, not the command line other processes can read.
            run(
                    Map.of("HEARTBEAT_TEST_P12_PASSWORD", password),
                    "pkcs12",
                    "-export",
                    "-in",
                    certificate.toString(),
                    "-inkey",
                    key.toString(),
                    "-certfile",
                    caPem.toString(),
                    "-out",
                    store.toString(),
                    "-passout",
                    "env:HEARTBEAT_TEST_P12_PASSWORD");
            return store;
        }
    }

    /** A random password of letters and digits (safe in a JAAS line and a format argument). */
    static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        run(Map.of(), args);
    }

    private static void run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        ExternalCommand.run("openssl " + args[0], command, environment, TIMEOUT);
    }
}
