package org.certmap.engine.revocation;

/** A response that cannot be accepted, with the failure kind and a one-line detail (no raw bytes). */
final class OcspException extends Exception {

    private static final long serialVersionUID = 1L;

    private final OcspFailure failure;

    OcspException(OcspFailure failure, String detail) {
        super(detail);
        this.failure = failure;
    }

    OcspException(OcspFailure failure, String detail, Throwable cause) {
        super(detail, cause);
        this.failure = failure;
    }

    OcspFailure failure() {
        return failure;
    }
}
