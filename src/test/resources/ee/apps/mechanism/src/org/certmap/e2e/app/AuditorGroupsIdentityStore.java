package org.certmap.e2e.app;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/**
 * An application's own groups store (think LDAP or a database): adds "auditor" for the shared
 * user "staff". Proves that other stores add groups to a certmap login.
 */
@ApplicationScoped
public class AuditorGroupsIdentityStore implements IdentityStore {

    @Override
    public Set<String> getCallerGroups(CredentialValidationResult result) {
        return "staff".equals(result.getCallerPrincipal().getName()) ? Set.of("auditor") : Set.of();
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.PROVIDE_GROUPS);
    }
}
