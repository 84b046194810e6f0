package org.certmap.engine.revocation;

import java.net.URI;
import java.time.Instant;

/**
 * What {@link UrlCache#get} gives: the value in force for a URL (if any) and how the last fetch
 * went. A value can come with a failure: a failed refresh keeps the old value until it expires.
 *
 * @param url       the URL
 * @param value     the parsed value, or null when none was ever fetched and parsed
 * @param expires   the value's expiry (a CRL's nextUpdate), null without a value
 * @param fetchedAt when the value was fetched, null without a value
 * @param fresh     true when there is a value and {@code expires} has not passed
 * @param failure   the last fetch's failure, or null when it succeeded (or a parse error)
 * @param detail    empty when the value is fresh and the last fetch went well; otherwise one line
 *                  for logs and explain (the fetch's failure, the parse error, or "expired at ...")
 */
public record UrlResult<T>(URI url, T value, Instant expires, Instant fetchedAt, boolean fresh,
        HttpFailure failure, String detail) {
}
