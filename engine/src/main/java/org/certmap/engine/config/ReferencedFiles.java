package org.certmap.engine.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Messages;
import org.certmap.engine.revocation.RevocationFiles;
import org.certmap.engine.revocation.RevocationServices;
import org.certmap.engine.validation.TrustStoreLoader;

/**
 * The files a mapping file names ({@code trustStore}, {@code certificateFile},
 * {@code ocspResponderCertificate}, {@code crlFiles}, {@code shadowFile}): the one place that
 * resolves their names (relative to the mapping file's folder) and reads them, and the list of
 * files the reloader polls, in the order the file names them.
 */
final class ReferencedFiles {

    private final Path folder;
    private final LoadErrors errors;
    private final List<Path> watched = new ArrayList<>();

    ReferencedFiles(Path file, LoadErrors errors) {
        this.folder = file.getParent();
        this.errors = errors;
        watched.add(file);
    }

    /** A name from the file, absolute or relative to the file's folder, normalized. */
    Path resolve(String name) {
        Path p = Path.of(name);
        return (p.isAbsolute() ? p : folder.resolve(p)).normalize();
    }

    /** Polled for changes from now on. */
    void watch(Path path) {
        watched.add(path);
    }

    /** The mapping file, then every file it names. */
    List<Path> watched() {
        return watched;
    }

    /** The certificates of a trust store ({@code <validation>}, {@code <directory>}); the password is wiped. */
    List<X509Certificate> trustStore(Position at, Path path, String type, char[] password) throws ConfigException {
        List<X509Certificate> certificates;
        try {
            certificates = TrustStoreLoader.load(path, type, password);
        } catch (IOException e) {
            throw errors.at(at, e, "config.trustStore.unreadable", path, e.getMessage());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        watch(path);
        return certificates;
    }

    /** The one certificate of a one-to-one {@code certificateFile}. */
    X509Certificate certificateFile(Position at, Path path) throws ConfigException {
        List<X509Certificate> certs;
        try {
            certs = CertificateReader.fromFile(path);
        } catch (NoSuchFileException e) {
            throw errors.at(at, e, "config.certificateFile.missing", path);
        } catch (IOException e) {
            throw errors.at(at, e, "config.certificateFile.unreadable", path, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw errors.at(at, e, "config.certificateFile.invalid", path, e.getMessage());
        }
        if (certs.size() != 1) {
            throw errors.at(at, "config.certificateFile.count", path, certs.size());
        }
        watch(path);
        return certs.get(0);
    }

    /** The first certificate of {@code ocspResponderCertificate}. */
    X509Certificate responderCertificate(Position at, Path path) throws ConfigException {
        X509Certificate certificate;
        try {
            List<X509Certificate> read = CertificateReader.fromFile(path);
            if (read.isEmpty()) {
                throw new IOException(Messages.format("config.revocation.noResponderCertificate"));
            }
            certificate = read.get(0);
        } catch (IOException | IllegalArgumentException e) {
            throw errors.at(at, e, "config.revocation.responderCertificate", path, e.getMessage());
        }
        watch(path);
        return certificate;
    }

    /**
     * The CRL files of {@code <revocation>}, read and verified against the trust store's CAs: a
     * file that does not parse, is not signed by a CA it names, or is older than the one in force
     * stops the load. They are watched from the moment {@code <revocation>} names them.
     */
    RevocationFiles crls(Position at, List<Path> files, List<X509Certificate> cas, RevocationServices services)
            throws ConfigException {
        try {
            return RevocationFiles.load(files, cas, services.crlsInForce());
        } catch (IOException e) {
            throw errors.at(at, e, "config.revocation.crlFile", e.getMessage());
        }
    }
}
