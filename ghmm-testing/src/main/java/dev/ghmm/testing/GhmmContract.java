package dev.ghmm.testing;

import dev.ghmm.process.Process;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A ready property: every process of {@link #processes()} is a valid GHMM ({@link ProcessChecks#assertValidGhmm}).
 * Implement it in a test class, annotate your {@code processes()} with {@code @Provide}, and jqwik runs the property
 * {@link #isAValidGhmm} with your processes; override {@link #maxLength()} and {@link #tolerance()} to change the check.
 *
 * @param <P> the type of your processes
 */
public interface GhmmContract<P extends Process> {

    /**
     * Your processes.
     *
     * @return the arbitrary
     */
    @Provide
    Arbitrary<P> processes();

    /**
     * The longest word whose probability is checked; 4 unless overridden.
     *
     * @return the length
     */
    default int maxLength() {
        return 4;
    }

    /**
     * The absolute tolerance of the checks; 1e-9 unless overridden.
     *
     * @return the tolerance
     */
    default double tolerance() {
        return 1e-9;
    }

    /**
     * T|1⟩⟩ = |1⟩⟩ and Pr(w) ≥ 0 for every word up to {@link #maxLength()}.
     *
     * @param process a process of {@link #processes()}
     */
    @Property
    default void isAValidGhmm(@ForAll("processes") P process) {
        ProcessChecks.assertValidGhmm(process, maxLength(), tolerance());
    }
}
