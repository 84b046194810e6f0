package org.certmap.cli.iis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.certmap.cli.edit.MappingFileEditor;
import org.certmap.engine.config.Values;
import org.w3c.dom.Element;

/**
 * Turns what {@link IisConfigReader} found for one site into a certmap mapping file, as IIS would
 * apply it: the mapping sections at the server and the site root merged (attributes of the inner
 * one win; collection entries add up, {@code <clear/>} and {@code <remove>} as in IIS), the
 * innermost {@code sslFlags} at the site root as {@code /*}, and each directory's {@code sslFlags}
 * as a location. Passwords are dropped and counted, never copied or printed.
 */
public final class IisImport {

    private static final String[] ROOT_ATTRIBUTES = {"enabled", "oneToOneCertificateMappingsEnabled",
            "manyToOneCertificateMappingsEnabled"};
    private static final String[] ONE_TO_ONE_ATTRIBUTES = {"userName", "enabled", "description", "certificate"};
    private static final String[] MANY_TO_ONE_ATTRIBUTES = {"name", "description", "enabled", "permissionMode",
            "userName"};
    private static final String[] RULE_ATTRIBUTES = {"certificateField", "certificateSubField", "matchCriteria",
            "compareCaseSensitive"};

    /** The result: the file's text and what the user must be told. */
    public record Result(String xml, int passwordsDropped, boolean enabled, boolean enabledByDefault,
            int oneToOne, int manyToOne, List<String> broad, List<String> locations, List<String> notes) {
    }

    private final String source;
    private final String root;
    private final boolean stripDomain;
    private final List<String> notes = new ArrayList<>();
    private int passwords;

    private IisImport(String source, String root, boolean stripDomain) {
        this.source = source;
        this.root = root;
        this.stripDomain = stripDomain;
    }

    /**
     * @param root        the configuration path of the site root ("" for a web.config or a bare section,
     *                    the site name, or "Site/app" for an application of a site)
     * @param source      the file name, for the header comment
     * @param stripDomain turn {@code DOMAIN\\user} into {@code user}
     */
    public static Result convert(IisConfigReader.Found found, String root, String source, boolean stripDomain) {
        return new IisImport(source, root, stripDomain).run(found);
    }

    private Result run(IisConfigReader.Found found) {
        Map<String, String> rootAttributes = new LinkedHashMap<>();
        Map<String, Element> oneToOne = new LinkedHashMap<>();
        Map<String, Element> manyToOne = new LinkedHashMap<>();
        int anonymous = 0;
        boolean anySection = false;
        for (IisConfigReader.Section s : found.sections()) {
            if (!atOrAbove(s.path())) {
                if (below(s.path())) {
                    notes.add("skipped the mapping section at \"" + s.path() + "\": IIS uses this section only at the"
                            + " site root (mappings below it never take effect), so certmap does not import it either;"
                            + " certmap has one mapping file per site root");
                }
                continue;
            }
            anySection = true;
            Element e = s.element();
            for (String a : ROOT_ATTRIBUTES) {
                if (e.hasAttribute(a)) {
                    rootAttributes.put(a, e.getAttribute(a).trim().toLowerCase(Locale.ROOT));
                }
            }
            for (String a : new String[] {"logonMethod", "defaultLogonDomain"}) {
                if (e.hasAttribute(a)) {
                    notes.add("dropped " + a + "=\"" + e.getAttribute(a) + "\": certmap maps to a name, not a Windows logon");
                }
            }
            merge(IisConfigReader.child(e, "oneToOneMappings"), oneToOne, "certificate");
            for (Element m : IisConfigReader.children(IisConfigReader.child(e, "oneToOneMappings"), "add")) {
                if (m.getAttribute("certificate").isEmpty()) {
                    anonymous++;
                }
            }
            merge(IisConfigReader.child(e, "manyToOneMappings"), manyToOne, "name");
        }
        if (!anySection) {
            notes.add("no " + IisConfigReader.SECTION + " section applies to " + (root.isEmpty() ? "this file" : "\"" + root + "\"")
                    + ": the file has locations but no mappings, so every certificate is NO_MAPPING");
        }
        if (anonymous > 0) {
            notes.add(anonymous + " one-to-one entr" + (anonymous == 1 ? "y has" : "ies have") + " no certificate: the"
                    + " import will not load until each has one");
        }
        boolean enabledByDefault = anySection && !rootAttributes.containsKey("enabled");
        boolean enabled = "true".equals(rootAttributes.getOrDefault("enabled", "false"));
        rootAttributes.put("enabled", enabled ? "true" : "false");

        StringBuilder x = new StringBuilder();
        List<String> broad = new ArrayList<>();
        List<String> locations = locations(found);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<!-- Imported by certmap import-iis from ").append(comment(source))
                .append(root.isEmpty() ? "" : ", IIS path \"" + comment(root) + "\"").append(".\n");
        x.append("     Passwords are not imported: certmap maps a certificate to a name and never keeps passwords.\n");
        x.append("     Add <validation trustStore=\"clients-ca.pem\"/> with the CA(s) your client certificates come from:\n");
        x.append("     then mappings are limited to them, as the site's trusted issuers were in Windows. See docs/cli.md. -->\n");
        if (!enabled) {
            x.append("<!-- enabled=\"false\"").append(enabledByDefault ? " (the IIS default: the section did not set it)" : "")
                    .append(": no certificate maps until you set enabled=\"true\". -->\n");
        }
        if (!found.adMapper().isEmpty()) {
            // IIS's AD mapper had no settings of its own (the server's domain did the rest): the
            // element needs the directory's address, so it is written for the admin to fill in.
            notes.add("IIS's Active Directory mapper (" + IisConfigReader.AD_MAPPER + ") is on at "
                    + found.adMapper().stream().map(p -> p.isEmpty() ? "the root" : "\"" + p + "\"").toList()
                    + ": the file has a <directory> element to complete (url, baseDn, bindDn); see README, \"Fleets\"");
        }
        x.append("<certificateMapping");
        rootAttributes.forEach((k, v) -> x.append(' ').append(k).append("=\"").append(MappingFileEditor.escape(v)).append('"'));
        x.append(">\n");
        if (!found.adMapper().isEmpty()) {
            x.append("  <!-- IIS's Active Directory mapper was on: certmap asks the directory with <directory>. Fill in your\n")
                    .append("       domain controllers (ldaps://), base DN and a read-only service account, put the CAs of\n")
                    .append("       your client certificates in <validation trustStore>, then test it: certmap check, option test-directory.\n")
                    .append("       AD's strong altSecurityIdentities values (X509:<I>...<SR>...) keep working; weak name-based ones\n")
                    .append("       (X509:<S>..., UPN) match only with allowWeak=\"true\" (KB5014754).\n")
                    .append("  <directory url=\"ldaps://dc1.example.com\" baseDn=\"DC=example,DC=com\"\n")
                    .append("             bindDn=\"CN=certmap,OU=Services,DC=example,DC=com\" bindPassword=\"${env:CERTMAP_LDAP_PASSWORD}\"\n")
                    .append("             lookup=\"altSecurityIdentities\" roles=\"memberOf\"/>\n")
                    .append("  -->\n");
        }
        if (!locations.isEmpty()) {
            x.append("  <!-- IIS sslFlags, per directory (the most specific location wins, as in IIS) -->\n");
            for (String l : locations) {
                x.append("  ").append(l).append('\n');
            }
        }
        if (!oneToOne.isEmpty()) {
            x.append("  <oneToOneMappings>\n");
            for (Element m : oneToOne.values()) {
                x.append("    ").append(element(m, ONE_TO_ONE_ATTRIBUTES, Map.of())).append('\n');
            }
            x.append("  </oneToOneMappings>\n");
        }
        if (!manyToOne.isEmpty()) {
            x.append("  <manyToOneMappings>\n");
            for (Element m : manyToOne.values()) {
                String why = broadReason(m);
                Map<String, String> extra = new LinkedHashMap<>();
                if (why != null) {
                    broad.add(m.getAttribute("name") + ": " + why);
                    x.append("    <!-- broad: ").append(comment(why)).append(". IIS accepted it; certmap wants rules as")
                            .append(" specific as possible (an Issuer rule, or a trustStore). Tighten it and remove broad=\"true\". -->\n");
                    extra.put("broad", "true");
                }
                String start = element(m, MANY_TO_ONE_ATTRIBUTES, extra);
                List<Element> rules = IisConfigReader.children(IisConfigReader.child(m, "rules"), "add");
                if (rules.isEmpty()) {
                    x.append("    ").append(start).append('\n');
                    continue;
                }
                x.append("    ").append(start, 0, start.length() - 2).append(">\n      <rules>\n");
                for (Element r : rules) {
                    x.append("        ").append(element(r, RULE_ATTRIBUTES, Map.of())).append('\n');
                }
                x.append("      </rules>\n    </add>\n");
            }
            x.append("  </manyToOneMappings>\n");
        }
        x.append("</certificateMapping>\n");
        return new Result(x.toString(), passwords, enabled, enabledByDefault, oneToOne.size(), manyToOne.size(), broad,
                locations, notes);
    }

    /** IIS collection semantics: entries add up from outer to inner; clear empties, remove takes one out. */
    private void merge(Element collection, Map<String, Element> into, String key) {
        for (Element c : IisConfigReader.children(collection, null)) {
            switch (IisConfigReader.local(c)) {
                case "clear" -> into.clear();
                case "remove" -> into.remove(keyOf(c, key));
                case "add" -> {
                    if (c.hasAttribute("password")) {
                        passwords++;
                    }
                    for (Element r : IisConfigReader.children(IisConfigReader.child(c, "rules"), "add")) {
                        if (r.hasAttribute("password")) {
                            passwords++;
                        }
                    }
                    into.put(keyOf(c, key), c);
                }
                default -> notes.add("ignored <" + IisConfigReader.local(c) + "> in <" + IisConfigReader.local(collection) + ">");
            }
        }
    }

    private static String keyOf(Element c, String key) {
        String v = c.getAttribute(key);
        return key.equals("certificate") ? v.replaceAll("\\s+", "") : v;
    }

    /** An element with the attributes certmap knows, in IIS's order; unknown ones are reported. */
    private String element(Element e, String[] known, Map<String, String> extra) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String k : known) {
            if (e.hasAttribute(k)) {
                String v = e.getAttribute(k);
                if (k.equals("certificate")) {
                    v = v.replaceAll("\\s+", "");
                } else if (k.equals("userName") && stripDomain && v.indexOf('\\') >= 0) {
                    v = v.substring(v.lastIndexOf('\\') + 1);
                } else if (k.equals("enabled") || k.equals("compareCaseSensitive")) {
                    v = v.trim().toLowerCase(Locale.ROOT);
                }
                a.put(k, v);
            }
        }
        a.putAll(extra);
        var attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            String n = attributes.item(i).getNodeName();
            if (!n.equals("password") && !n.startsWith("xmlns") && !java.util.Arrays.asList(known).contains(n)) {
                notes.add("dropped unknown attribute " + n + " on <" + IisConfigReader.local(e) + ">");
            }
        }
        return MappingFileEditor.addElement(a);
    }

    /** As the engine decides it for a file without a trustStore (DESIGN.md, broad). */
    static String broadReason(Element m) {
        try {
            if (Values.deny(m.getAttribute("permissionMode").isEmpty() ? null : m.getAttribute("permissionMode"))) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null; // the loader reports the bad permissionMode with its place
        }
        List<Element> rules = IisConfigReader.children(IisConfigReader.child(m, "rules"), "add");
        if (rules.isEmpty()) {
            return "it has no rules, so it matches every certificate";
        }
        boolean issuerRule = false;
        for (Element r : rules) {
            String c = r.getAttribute("matchCriteria");
            if (!c.isEmpty() && c.chars().allMatch(ch -> ch == '*')) {
                return "a rule's matchCriteria is only *";
            }
            if (r.getAttribute("certificateField").trim().equalsIgnoreCase("Issuer") && c.chars().anyMatch(ch -> ch != '*')) {
                issuerRule = true;
            }
        }
        return issuerRule ? null : "it has no Issuer rule and the file has no trustStore, so it matches"
                + " certificates of any CA the server trusts";
    }

    /**
     * The site root's sslFlags as /*, and each directory's below it, most specific last. Where IIS
     * disables anonymous authentication, a request without a mapped certificate was refused (401.2)
     * even under SslNegotiateCert; certmap's SslNegotiateCert lets it in anonymously, so such
     * locations get SslRequireCert, with a note.
     */
    private List<String> locations(IisConfigReader.Found found) {
        String rootFlags = null;
        int rootDepth = -1;
        Map<String, String> dirs = new LinkedHashMap<>();
        for (IisConfigReader.Access a : found.access()) {
            String flags = flags(a.sslFlags());
            if (atOrAbove(a.path())) {
                int depth = depth(a.path());
                if (depth >= rootDepth) {
                    rootFlags = flags;
                    rootDepth = depth;
                }
            } else if (below(a.path())) {
                dirs.put(relative(a.path()), flags);
            }
        }
        for (IisConfigReader.Anonymous a : found.anonymous()) {
            if (!a.enabled() && below(a.path()) && !dirs.containsKey(relative(a.path()))) {
                dirs.put(relative(a.path()), inheritedFlags(found, a.path(), rootFlags));
            }
        }
        if (anonymousDisabled(found, root)) {
            rootFlags = requireCertificate(rootFlags == null ? "None" : rootFlags, "the site root");
        }
        dirs.replaceAll((rel, flags) -> anonymousDisabled(found, root.isEmpty() ? rel : root + "/" + rel)
                ? requireCertificate(flags, "\"" + rel + "\"") : flags);
        List<String> out = new ArrayList<>();
        if (rootFlags != null && !rootFlags.equalsIgnoreCase("None")) {
            out.add("<location path=\"/*\" sslFlags=\"" + MappingFileEditor.escape(rootFlags) + "\"/>");
        }
        for (Map.Entry<String, String> d : dirs.entrySet()) {
            String rel = d.getKey();
            String last = rel.substring(rel.lastIndexOf('/') + 1);
            String path;
            if (last.contains(".")) {
                path = "/" + rel;
                notes.add("IIS location \"" + rel + "\" looks like a file: imported as the exact path " + path
                        + "; if it is a folder, change it to /" + rel + "/*");
            } else {
                path = "/" + rel + "/*";
            }
            out.add("<location path=\"" + MappingFileEditor.escape(path) + "\" sslFlags=\""
                    + MappingFileEditor.escape(d.getValue()) + "\"/>");
        }
        return out;
    }

    private static int depth(String path) {
        return path.isEmpty() ? 0 : path.split("/").length;
    }

    private String relative(String path) {
        return path.substring(root.isEmpty() ? 0 : root.length() + 1);
    }

    /** The innermost anonymousAuthentication setting at or above {@code path} (IIS default: enabled). */
    private static boolean anonymousDisabled(IisConfigReader.Found found, String path) {
        String p = path.toLowerCase(Locale.ROOT);
        int best = -1;
        boolean enabled = true;
        for (IisConfigReader.Anonymous a : found.anonymous()) {
            String ap = a.path().toLowerCase(Locale.ROOT);
            if ((ap.isEmpty() || p.equals(ap) || p.startsWith(ap + "/")) && depth(ap) >= best) {
                best = depth(ap);
                enabled = a.enabled();
            }
        }
        return !enabled;
    }

    /** The sslFlags IIS applies at {@code path}: the innermost access element at or above it. */
    private String inheritedFlags(IisConfigReader.Found found, String path, String rootFlags) {
        String p = path.toLowerCase(Locale.ROOT);
        int best = -1;
        String flags = rootFlags == null ? "None" : rootFlags;
        for (IisConfigReader.Access a : found.access()) {
            String ap = a.path().toLowerCase(Locale.ROOT);
            if (below(a.path()) && p.startsWith(ap + "/") && depth(ap) > best) {
                best = depth(ap);
                flags = flags(a.sslFlags());
            }
        }
        return flags;
    }

    private String requireCertificate(String flags, String where) {
        String lower = flags.toLowerCase(Locale.ROOT);
        if (lower.contains("sslrequirecert")) {
            return flags;
        }
        notes.add("IIS disables anonymous authentication at " + where + " (sslFlags " + flags + "): IIS refused"
                + " requests without a mapped certificate there, so certmap requires one (SslRequireCert). Other IIS"
                + " authentication methods (Windows, Basic) are not imported");
        List<String> kept = new ArrayList<>();
        for (String f : flags.split(",")) {
            String t = f.trim();
            if (!t.isEmpty() && !t.equalsIgnoreCase("None") && !t.equalsIgnoreCase("SslNegotiateCert")) {
                kept.add(t);
            }
        }
        kept.add("SslRequireCert");
        return String.join(", ", kept);
    }

    private static String flags(String raw) {
        List<String> parts = new ArrayList<>();
        for (String p : raw.split(",")) {
            if (!p.isBlank()) {
                parts.add(p.trim());
            }
        }
        return parts.isEmpty() ? "None" : String.join(", ", parts);
    }

    /** The path is the root or one of its ancestors (server level included). IIS paths compare without case. */
    private boolean atOrAbove(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        String r = root.toLowerCase(Locale.ROOT);
        return p.isEmpty() || p.equals(r) || r.startsWith(p + "/");
    }

    private boolean below(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        String r = root.toLowerCase(Locale.ROOT);
        return r.isEmpty() ? !p.isEmpty() : p.startsWith(r + "/");
    }

    private static String comment(String s) {
        return s.replace("--", "- -");
    }
}
