package org.example.sectors;

import dev.ghmm.partition.Partition;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.PartitionContract;
import dev.ghmm.testing.ProcessChecks;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/**
 * The ready properties of ghmm-testing for TwoSectors (it is a valid GHMM, it preserves its sectors), and the same
 * checks as a property of one's own.
 */
class TwoSectorsProperties implements PartitionContract<Ghmm> {

    @Override
    @Provide
    public Arbitrary<Ghmm> processes() {
        return Arbitraries.doubles().between(1e-9, 0.5).ofScale(9).map(TwoSectors::of);
    }

    @Override
    public Partition partition(Ghmm process) {
        return TwoSectors.SECTORS;
    }

    // Trap 2: without @Scale(9), jqwik refuses the bound 1e-9, which its default of 2 decimals cannot represent
    @Property
    void staysInItsSectorAndPredictsProbabilities(@ForAll @DoubleRange(min = 1e-9, max = 0.5) @Scale(9) double p) {
        Ghmm process = TwoSectors.of(p);
        ProcessChecks.assertPreserves(process, TwoSectors.SECTORS, 1e-12);
        ProcessChecks.assertValidGhmm(process, 6, 1e-12);
    }
}
