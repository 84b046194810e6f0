package org.certmap.engine.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.certmap.engine.Check;
import org.certmap.engine.Decision;
import org.certmap.engine.x509.CertificateNames;

/**
 * Maps a validated certificate to a user, IIS style: one-to-one first (it always wins), then
 * many-to-one mappings in document order, where the first enabled mapping whose rules all match
 * decides Allow or Deny. The one function every front door's decision goes through.
 */
public final class Mapper {

    private final boolean enabled;
    private final boolean oneToOneEnabled;
    private final boolean manyToOneEnabled;
    private final OneToOneIndex oneToOne;
    private final ManyToOneIndex manyToOne;
    /** Every Subject/Issuer field an enabled many-to-one mapping reads (rules and userName), once each. */
    private final CertificateField[] fieldsRead;

    public Mapper(boolean enabled, boolean oneToOneEnabled, boolean manyToOneEnabled, OneToOneIndex oneToOne,
            List<ManyToOneMapping> manyToOne) {
        this.enabled = enabled;
        this.oneToOneEnabled = oneToOneEnabled;
        this.manyToOneEnabled = manyToOneEnabled;
        this.oneToOne = oneToOne;
        this.manyToOne = new ManyToOneIndex(manyToOne);
        Map<String, CertificateField> read = new LinkedHashMap<>();
        for (ManyToOneMapping m : manyToOne) {
            if (!m.enabled()) {
                continue;
            }
            for (Rule r : m.rules()) {
                read.putIfAbsent(r.field().key(), r.field());
            }
            if (m.userName() != null) {
                for (CertificateField f : m.userName().fields()) {
                    read.putIfAbsent(f.key(), f);
                }
            }
        }
        read.values().removeIf(f -> f.kind() == CertificateField.Kind.SUBJECT_ALT_NAME);
        this.fieldsRead = read.values().toArray(new CertificateField[0]);
    }

    public OneToOneIndex oneToOne() {
        return oneToOne;
    }

    public List<ManyToOneMapping> manyToOne() {
        return manyToOne.mappings();
    }

    /** The mapping outcome for a certificate that passed validation. */
    public MappingResult map(CertificateFacts facts) {
        if (!enabled) {
            return MappingResult.none(null, "certificate mapping is disabled (enabled=\"false\")");
        }
        if (oneToOneEnabled) {
            OneToOneMapping m = oneToOne.find(facts);
            if (m != null) {
                return MappingResult.mapped(m.userName(), m.roles(), Decision.ONE_TO_ONE,
                        "one-to-one by " + m.kind().attribute() + " (line " + m.line() + ")");
            }
        }
        if (manyToOneEnabled && !manyToOne.mappings().isEmpty()) {
            CertificateNames names = facts.names();
            if (names == null) {
                return MappingResult.none(null, "the certificate's names do not decode: " + facts.nameError().getMessage());
            }
            String unreadable = unreadableField(names);
            if (unreadable != null) {
                return MappingResult.none(null, unreadable);
            }
            ManyToOneMapping m = manyToOne.firstMatch(names);
            if (m != null) {
                return outcome(m, names);
            }
        }
        return MappingResult.none(null, "no mapping matched");
    }

    /**
     * Why many-to-one mapping cannot be decided for these names, or null: a field some mapping reads
     * has a value that is not a character string, so a Deny rule on it might have matched (an OU
     * of "Contractors" written as an OCTET STRING must not walk past a Deny on OU).
     */
    private String unreadableField(CertificateNames names) {
        for (CertificateField f : fieldsRead) {
            if (f.hasUnreadableValue(names)) {
                return "the certificate's " + f + " has a value that is not a character string, and a mapping reads "
                        + f + ": certmap cannot tell what that value would match";
            }
        }
        return null;
    }

    private static MappingResult outcome(ManyToOneMapping m, CertificateNames names) {
        if (m.deny()) {
            return MappingResult.denied(m.name(), "Deny mapping \"" + m.name() + "\" matched");
        }
        String user = m.userName().resolve(names);
        if (user == null) {
            return MappingResult.none(m.name(), m.userName().whyUnresolved(names));
        }
        return MappingResult.mapped(user, m.roles(), m.name(), "mapping \"" + m.name() + "\" matched");
    }

    /**
     * Maps like {@link #map} and adds one check per one-to-one key and per many-to-one mapping
     * evaluated, saying why each matched or not. Slow on purpose (evaluates everything): for
     * {@code certmap explain}, never on the request path.
     */
    public MappingResult explain(CertificateFacts facts, List<Check> out) {
        if (!enabled) {
            out.add(Check.failed("mapping", "enabled=\"false\": no certificate maps"));
        }
        List<OneToOneMapping> keys = oneToOne.findAll(facts);
        OneToOneMapping unbound = facts.issuerInTrustStore() ? null
                : oneToOne.issuerSerialEntry(oneToOne.hasIssuerSerialKeys() ? facts.issuerSerialKeyByName() : null);
        if (unbound != null) {
            out.add(new Check("oneToOne", Check.Outcome.NOT_MATCHED, "user " + unbound.userName()
                    + " by issuer+serialNumber (line " + unbound.line() + "): not used, because the CA that signed the"
                    + " certificate is not in <validation trustStore> (another CA may carry the same name)"));
        }
        if (keys.isEmpty() && unbound == null) {
            out.add(new Check("oneToOne", Check.Outcome.NOT_MATCHED, "no one-to-one key matches (sha256 "
                    + facts.sha256Hex() + ")"));
        }
        for (OneToOneMapping m : keys) {
            String what = "user " + m.userName() + " by " + m.kind().attribute() + " (line " + m.line() + ")";
            if (!oneToOneEnabled) {
                out.add(Check.skipped("oneToOne", what + ": one-to-one mappings are disabled"));
            } else if (!m.enabled()) {
                out.add(new Check("oneToOne", Check.Outcome.NOT_MATCHED, what + ": entry is disabled"));
            } else {
                out.add(new Check("oneToOne", Check.Outcome.MATCHED, what));
            }
        }
        CertificateNames names = facts.names();
        if (names == null) {
            out.add(Check.failed("names", "the certificate's names do not decode: " + facts.nameError().getMessage()));
        } else if (manyToOneEnabled && unreadableField(names) != null) {
            out.add(Check.failed("names", unreadableField(names)));
        }
        for (ManyToOneMapping m : manyToOne.mappings()) {
            String subject = "mapping \"" + m.name() + "\"";
            if (!manyToOneEnabled) {
                out.add(Check.skipped(subject, "many-to-one mappings are disabled"));
                continue;
            }
            if (!m.enabled()) {
                out.add(Check.skipped(subject, "disabled (line " + m.line() + ")"));
                continue;
            }
            if (names == null) {
                out.add(Check.skipped(subject, "names not decoded"));
                continue;
            }
            StringBuilder why = new StringBuilder(m.deny() ? "Deny" : "Allow").append(" (line ").append(m.line())
                    .append(")");
            boolean all = true;
            for (Rule r : m.rules()) {
                boolean ok = r.matches(names);
                all &= ok;
                why.append("; ").append(r).append(ok ? " matched " : " did not match ").append(r.values(names));
            }
            if (m.rules().isEmpty()) {
                why.append("; no rules: matches every certificate");
            }
            out.add(new Check(subject, all ? Check.Outcome.MATCHED : Check.Outcome.NOT_MATCHED, why.toString()));
        }
        return map(facts);
    }
}
