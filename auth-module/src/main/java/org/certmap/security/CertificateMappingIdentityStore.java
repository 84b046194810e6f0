package org.certmap.security;

import java.util.EnumSet;
import java.util.Set;

import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import org.certmap.engine.Decision;
import org.certmap.servlet.ApplicationEngine;
import org.certmap.servlet.ServletCertmapRequest;

/**
 * Validates an {@link X509CertificateCredential} through the application's certmap engine:
 * mapped is {@code VALID} with the mapped user and the mapping file's roles; refused is
 * {@code INVALID}; not covered or anonymous is {@code NOT_VALIDATED}; any other credential is
 * {@code NOT_VALIDATED} too, so certmap coexists with password stores.
 *
 * <p>It declares {@code VALIDATE} and {@code PROVIDE_GROUPS}: the handler keeps the validating
 * store's groups only from a store that provides groups, and the mapping file's roles must survive.
 * Other stores declared {@code PROVIDE_GROUPS} (LDAP, database, the application's own) add their
 * groups for the mapped name, per the {@code IdentityStoreHandler} algorithm; certmap adds none
 * for callers that another store validated.
 *
 * <p>The decision is recorded in the credential for the mechanism: a
 * {@link CredentialValidationResult} has no room for the refusal reason.
 */
public class CertificateMappingIdentityStore implements IdentityStore {

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof X509CertificateCredential certificate)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        Decision decision = ApplicationEngine.of(certificate.request().getServletContext())
                .decide(new ServletCertmapRequest(certificate.request()), certificate.authenticationMandatory());
        certificate.record(decision);
        return switch (decision.status()) {
            case AUTHENTICATED -> new CredentialValidationResult(new CallerPrincipal(decision.user()), decision.roles());
            case REFUSED -> CredentialValidationResult.INVALID_RESULT;
            default -> CredentialValidationResult.NOT_VALIDATED_RESULT;
        };
    }

    @Override
    public Set<String> getCallerGroups(CredentialValidationResult validationResult) {
        // The mapping file's roles come with the validation result; certmap knows no groups for
        // callers that another store validated.
        return Set.of();
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
