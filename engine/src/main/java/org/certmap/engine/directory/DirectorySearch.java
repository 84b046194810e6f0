package org.certmap.engine.directory;

import java.util.List;

/**
 * Searches a directory under its base DN, with failover; {@link DirectoryClient} is the LDAP one.
 * An interface so that the lookup's rules can be tested without a server.
 */
public interface DirectorySearch {

    /**
     * Entries matching {@code filter} (subtree of the base DN), with {@code attributes}.
     *
     * @param limit the most entries wanted; a server with more sets {@link SearchAnswer#truncated()}
     * @throws DirectoryUnavailableException when no server answered in time
     */
    SearchAnswer search(String filter, List<String> attributes, int limit) throws DirectoryUnavailableException;

    /**
     * Whether the directory that answers supports Active Directory's in-chain matching rule
     * (LDAP_MATCHING_RULE_IN_CHAIN, 1.2.840.113556.1.4.1941), i.e. advertises the Active Directory
     * capability {@code 1.2.840.113556.1.4.800} in its root DSE (MS-ADTS §3.1.1.3.4.3).
     */
    boolean supportsInChainRule() throws DirectoryUnavailableException;
}
