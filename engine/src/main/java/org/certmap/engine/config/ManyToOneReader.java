package org.certmap.engine.config;

import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.mapping.CertificateField;
import org.certmap.engine.mapping.ManyToOneMapping;
import org.certmap.engine.mapping.Rule;
import org.certmap.engine.mapping.UserNameTemplate;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Reads a {@code <manyToOneMappings><add>} mapping and the rules inside it: the mapping's start
 * tag is kept until its end tag, when its rules are known; problems with its own attributes are
 * then reported at its start tag.
 */
final class ManyToOneReader {

    /** A template shows how; the braces are written here, since the catalog's placeholders use them. */
    private static final String TEMPLATE_EXAMPLE = "{Subject.CN}";

    private Attributes attributes;
    private Position at;
    private List<Rule> rules;
    private boolean hasIssuerRule;
    private boolean hasStarOnlyRule;

    /** Whether a mapping is open (its end tag not seen yet). */
    boolean open() {
        return attributes != null;
    }

    void start(ReadContext c, Attributes a) throws ConfigException {
        if (a.getValue("password") != null) {
            c.model.passwords++;
        }
        String name = ReadContext.required(a, "name");
        c.rules.mappingName(name, c.here());
        attributes = new AttributesImpl(a);
        at = c.here();
        rules = new ArrayList<>();
        hasIssuerRule = false;
        hasStarOnlyRule = false;
    }

    /** A {@code <rules><add>} of the open mapping. */
    void rule(Attributes a) {
        CertificateField field = CertificateField.of(a.getValue("certificateField"), a.getValue("certificateSubField"));
        String criteria = a.getValue("matchCriteria");
        Rule rule = new Rule(field, criteria, ReadContext.bool(a, "compareCaseSensitive", true));
        if (rule.pattern().isOnlyStars()) {
            hasStarOnlyRule = true;
        }
        if (field.kind() == CertificateField.Kind.ISSUER && criteria.chars().anyMatch(ch -> ch != '*')) {
            hasIssuerRule = true;
        }
        rules.add(rule);
    }

    /** The end tag: the mapping, with every problem of its attributes reported at its start tag. */
    MappingFileModel.ManyToOne end(ReadContext c) throws ConfigException {
        Attributes a = attributes;
        attributes = null;
        try {
            String name = a.getValue("name");
            boolean deny = Values.deny(a.getValue("permissionMode"));
            String user = a.getValue("userName");
            UserNameTemplate template = null;
            if (!deny) {
                if (user == null || user.isBlank()) {
                    throw c.errors.at(at, "config.manyToOne.needsUserName", name, TEMPLATE_EXAMPLE);
                }
                template = UserNameTemplate.parse(user);
            }
            ManyToOneMapping mapping = new ManyToOneMapping(name, ReadContext.bool(a, "enabled", true), deny, template,
                    c.model.roles(a.getValue("roles")), rules, ReadContext.bool(a, "broad", false), at.line());
            return new MappingFileModel.ManyToOne(mapping, hasIssuerRule, hasStarOnlyRule, at);
        } catch (IllegalArgumentException e) {
            throw c.errors.problem(at, e.getMessage(), e);
        }
    }
}
