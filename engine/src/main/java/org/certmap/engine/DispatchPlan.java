package org.certmap.engine;

import java.util.Map;

/**
 * What a front door's dispatch filter does with one dispatch ({@code protectDispatches}), decided
 * and logged by the engine ({@link CertmapEngine#planDispatch}): go on down the chain; include
 * nothing (a refused include: no error, no attributes, the including page goes on); or answer the
 * refusal, setting {@link #attributes()} first so that the application's error page may show why,
 * with {@link Decision#httpStatus()} and {@link Decision#pageText} of {@link #refusal()} if the
 * response is not committed yet. The filter only translates this into servlet calls.
 */
public final class DispatchPlan {

    private static final DispatchPlan PROCEED = new DispatchPlan(null, null);

    private final Dispatch dispatch;
    private final Decision refusal;

    private DispatchPlan(Dispatch dispatch, Decision refusal) {
        this.dispatch = dispatch;
        this.refusal = refusal;
    }

    static DispatchPlan of(Dispatch dispatch, Decision refusal) {
        return refusal == null ? PROCEED : new DispatchPlan(dispatch, refusal);
    }

    /** The dispatch goes on: call the filter chain. */
    public boolean proceeds() {
        return refusal == null;
    }

    /** A refused include: return without calling the chain and without writing anything. */
    public boolean includesNothing() {
        return refusal != null && dispatch == Dispatch.INCLUDE;
    }

    /** The refusal to answer, or null when the dispatch {@link #proceeds()}. */
    public Decision refusal() {
        return refusal;
    }

    /**
     * The request attributes to set before answering a refused forward or async dispatch (the
     * reason, as for a refused request); none for a dispatch that goes on or a refused include.
     */
    public Map<String, String> attributes() {
        return refusal == null || dispatch == Dispatch.INCLUDE ? Map.of()
                : Map.of(Decision.ATTRIBUTE_REASON, refusal.reason().name());
    }
}
