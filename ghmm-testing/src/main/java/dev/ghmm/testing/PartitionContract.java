package dev.ghmm.testing;

import dev.ghmm.partition.Partition;
import dev.ghmm.process.Process;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Ready properties: every process of {@link #processes()} is a valid GHMM ({@link GhmmContract}) and preserves its
 * {@link #partition} (eq. 2.9, {@link ProcessChecks#assertPreserves}). Implement it in a test class, annotate your
 * {@code processes()} with {@code @Provide}, and jqwik runs both properties, {@link #isAValidGhmm} and
 * {@link #preservesItsPartition}; override {@link #tolerance()} to change the checks.
 *
 * @param <P> the type of your processes
 */
public interface PartitionContract<P extends Process> extends GhmmContract<P> {

    /**
     * The partition the process should preserve.
     *
     * @param process a process of {@link #processes()}
     * @return a partition of its S states
     */
    Partition partition(P process);

    /**
     * No entry of any T(x) couples two sectors of {@link #partition}.
     *
     * @param process a process of {@link #processes()}
     */
    @Property
    default void preservesItsPartition(@ForAll("processes") P process) {
        ProcessChecks.assertPreserves(process, partition(process), tolerance());
    }
}
