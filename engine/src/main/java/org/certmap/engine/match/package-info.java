/**
 * Matching of rule criteria against certificate values: {@link org.certmap.engine.match.WildcardPattern}
 * ({@code *} globs, whole value, linear time) and {@link org.certmap.engine.match.AsciiCase} (the only
 * case folding certmap does: ASCII letters, independent of the default locale).
 */
package org.certmap.engine.match;
