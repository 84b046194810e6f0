package org.certmap.engine.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;
import org.certmap.engine.x509.CertificateNames;

/**
 * Maps a validated certificate to a user, IIS style: one-to-one first (it always wins), then
 * many-to-one mappings in document order, where the first enabled mapping whose rules all match
 * decides Allow or Deny. The mapping step of the evaluation pipeline, for requests and
 * {@code certmap explain} alike.
 */
public final class Mapper {

    private final boolean enabled;
    private final boolean oneToOneEnabled;
    private final boolean manyToOneEnabled;
    private final OneToOneIndex oneToOne;
    private final ManyToOneIndex manyToOne;
    /** Every Subject/Issuer field an enabled many-to-one mapping reads (rules and userName), once each. */
    private final CertificateField[] fieldsRead;
    /** {@code <directory>}, between one-to-one and many-to-one; null without one. */
    private final DirectorySource directory;
    private final int oneToOneSlots;
    private final java.util.IdentityHashMap<ManyToOneMapping, Integer> positions = new java.util.IdentityHashMap<>();

    public Mapper(boolean enabled, boolean oneToOneEnabled, boolean manyToOneEnabled, OneToOneIndex oneToOne,
            List<ManyToOneMapping> manyToOne) {
        this(enabled, oneToOneEnabled, manyToOneEnabled, oneToOne, manyToOne, null);
    }

    public Mapper(boolean enabled, boolean oneToOneEnabled, boolean manyToOneEnabled, OneToOneIndex oneToOne,
            List<ManyToOneMapping> manyToOne, DirectorySource directory) {
        this.directory = directory;
        this.oneToOneSlots = oneToOne.slots();
        for (int i = 0; i < manyToOne.size(); i++) {
            positions.put(manyToOne.get(i), i);
        }
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

    /** The mapping step, deciding: {@link #map(CertificateFacts, Findings)} for a request. */
    public MappingResult map(CertificateFacts facts) {
        return map(facts, Findings.forDecision());
    }

    /**
     * The mapping step of the pipeline: one-to-one first (it always wins), then many-to-one in
     * document order through the index. The outcome is recorded in {@code f} (NO_MAPPING and
     * MAPPING_DENIED fail with their reasons). Explaining, it first adds one check per one-to-one
     * key and per many-to-one mapping saying why each matched or not, so that an admin sees every
     * candidate; the outcome itself is still the indexed lookup a request gets, never a second
     * implementation of it.
     */
    public MappingResult map(CertificateFacts facts, Findings f) {
        if (f.explaining()) {
            annotate(facts, f);
        }
        MappingResult m = decide(facts, f);
        f.add(m.check());
        return m;
    }

    /**
     * The usage slot of a many-to-one mapping: after every one-to-one slot, in document order
     * (see {@code MappingUsage}).
     */
    public int slot(ManyToOneMapping m) {
        Integer i = positions.get(m);
        return i == null ? -1 : oneToOneSlots + i;
    }

    /** How many usage slots one-to-one entries take (every entry, disabled ones too). */
    public int oneToOneSlots() {
        return oneToOneSlots;
    }

    /** The {@code <directory>} step, or null without one. */
    public DirectorySource directory() {
        return directory;
    }

    private MappingResult decide(CertificateFacts facts, Findings f) {
        if (!enabled) {
            return MappingResult.none(null, "check.mapping.disabled");
        }
        if (oneToOneEnabled) {
            OneToOneMapping m = oneToOne.find(facts);
            if (m != null) {
                return MappingResult.mappedAt(m.index(), m.userName(), m.roles(), MappingResult.ONE_TO_ONE,
                        "check.mapping.oneToOne", m.kind().attribute(), m.line());
            }
        }
        Check outage = null;
        if (directory != null) {
            if (f.failed()) {
                // Explaining a certificate that failed validation: the directory is never asked (Invariant 6).
                f.skipped("directory", "check.directory.notValidated");
            } else {
                DirectorySource.Answer a = directory.ask(facts, f);
                if (a.result() != null) {
                    return a.result();
                }
                outage = a.unavailable();
            }
        }
        if (outage != null) {
            // No directory answer: a file Deny that matches still refuses; anything else needs the directory.
            CertificateNames names = facts.names();
            ManyToOneMapping deny = names == null || !manyToOneEnabled ? null : manyToOne.firstDeny(names);
            if (deny != null) {
                return MappingResult.denied(deny.name(), "check.mapping.denied", deny.name());
            }
            return new MappingResult(MappingResult.Outcome.UNAVAILABLE, null, java.util.Set.of(), null, outage);
        }
        if (manyToOneEnabled && !manyToOne.mappings().isEmpty()) {
            CertificateNames names = facts.names();
            if (names == null) {
                return MappingResult.none(null, "check.mapping.namesUndecodable", facts.nameError().getMessage());
            }
            CertificateField unreadable = unreadableField(names);
            if (unreadable != null) {
                return MappingResult.none(null, "check.mapping.unreadableField", unreadable.toString());
            }
            ManyToOneMapping m = manyToOne.firstMatch(names);
            if (m != null) {
                MappingResult r = outcome(m, names);
                return r.outcome() == MappingResult.Outcome.MAPPED ? r.withSlot(slot(m)) : r;
            }
        }
        return MappingResult.none(null, "check.mapping.none");
    }

    /**
     * Why many-to-one mapping cannot be decided for these names, or null: a field some mapping reads
     * has a value that is not a character string, so a Deny rule on it might have matched (an OU
     * of "Contractors" written as an OCTET STRING must not walk past a Deny on OU).
     */
    private CertificateField unreadableField(CertificateNames names) {
        for (CertificateField f : fieldsRead) {
            if (f.hasUnreadableValue(names)) {
                return f;
            }
        }
        return null;
    }

    private static MappingResult outcome(ManyToOneMapping m, CertificateNames names) {
        if (m.deny()) {
            return MappingResult.denied(m.name(), "check.mapping.denied", m.name());
        }
        String user = m.userName().resolve(names);
        if (user == null) {
            Check.Phrase why = m.userName().whyUnresolved(names);
            return MappingResult.none(m.name(), why.code(), why.args());
        }
        return MappingResult.mapped(user, m.roles(), m.name(), "check.mapping.matched", m.name());
    }

    /** Explaining only: one check per one-to-one key and per many-to-one mapping, matched or not and why. */
    private void annotate(CertificateFacts facts, Findings out) {
        String oneToOne = "oneToOne";
        List<OneToOneMapping> keys = this.oneToOne.findAll(facts);
        OneToOneMapping unbound = facts.issuerInTrustStore() ? null
                : this.oneToOne.issuerSerialEntry(this.oneToOne.hasIssuerSerialKeys() ? facts.issuerSerialKeyByName() : null);
        if (unbound != null) {
            out.note(oneToOne, Check.Outcome.NOT_MATCHED, "check.oneToOne.unbound", unbound.userName(), unbound.line());
        }
        if (keys.isEmpty() && unbound == null) {
            out.note(oneToOne, Check.Outcome.NOT_MATCHED, "check.oneToOne.noKey", facts.sha256Hex());
        }
        for (OneToOneMapping m : keys) {
            Object[] what = {m.userName(), m.kind().attribute(), m.line()};
            if (!oneToOneEnabled) {
                out.note(oneToOne, Check.Outcome.SKIPPED, "check.oneToOne.kindDisabled", what);
            } else if (!m.enabled()) {
                out.note(oneToOne, Check.Outcome.NOT_MATCHED, "check.oneToOne.entryDisabled", what);
            } else {
                out.note(oneToOne, Check.Outcome.MATCHED, "check.oneToOne.key", what);
            }
        }
        CertificateNames names = facts.names();
        if (names == null) {
            out.fail("names", null, "check.mapping.namesUndecodable", facts.nameError().getMessage());
        } else if (manyToOneEnabled && unreadableField(names) != null) {
            out.fail("names", null, "check.mapping.unreadableField", unreadableField(names).toString());
        }
        for (ManyToOneMapping m : manyToOne.mappings()) {
            String subject = "mapping \"" + m.name() + "\"";
            if (!manyToOneEnabled) {
                out.skipped(subject, "check.manyToOne.allDisabled");
                continue;
            }
            if (!m.enabled()) {
                out.skipped(subject, "check.manyToOne.disabled", m.line());
                continue;
            }
            if (names == null) {
                out.skipped(subject, "check.manyToOne.namesNotDecoded");
                continue;
            }
            List<Check.Phrase> rules = new ArrayList<>();
            boolean all = true;
            for (Rule r : m.rules()) {
                boolean ok = r.matches(names);
                all &= ok;
                rules.add(new Check.Phrase(ok ? "phrase.manyToOne.ruleMatched" : "phrase.manyToOne.ruleNotMatched",
                        r.toString(), String.valueOf(r.values(names))));
            }
            if (m.rules().isEmpty()) {
                rules.add(new Check.Phrase("phrase.manyToOne.noRules"));
            }
            out.note(subject, all ? Check.Outcome.MATCHED : Check.Outcome.NOT_MATCHED, "check.manyToOne.rules",
                    m.deny() ? "Deny" : "Allow", m.line(), rules);
        }
    }
}
