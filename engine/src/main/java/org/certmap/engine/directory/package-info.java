/**
 * Mappings held in a directory (Active Directory, OpenLDAP, 389-ds), on the JDK only: DESIGN.md
 * "Directory mappings: {@code <directory>}".
 *
 * <p>{@link org.certmap.engine.directory.DirectorySettings} is one {@code <directory>} element;
 * {@link org.certmap.engine.directory.AdMappingStrings} and
 * {@link org.certmap.engine.directory.CertificateSids} read what a certificate is known by in AD
 * (KB5014754); {@link org.certmap.engine.directory.LdapFilters} builds every filter, escaping every
 * value (RFC 4515); {@link org.certmap.engine.directory.DirectoryClient} is the LDAP client (JNDI,
 * certmap's own pool, failover, TLS); {@link org.certmap.engine.directory.DirectoryLookup} judges
 * the entries found ({@link org.certmap.engine.directory.LookupResult});
 * {@link org.certmap.engine.directory.DirectoryCache} keeps answers and serves stale ones during an
 * outage only within {@code staleTime}. {@link org.certmap.engine.directory.Directory} puts them
 * together for the mapping step.
 *
 * <p>Why JNDI and not an LDAP library: the engine's JARs go into a server's {@code lib/} and carry no
 * dependency (DESIGN.md "Modules"); JNDI's LDAP provider is in every JDK.
 */
package org.certmap.engine.directory;
