package dev.ghmm.testing;

import dev.ghmm.partition.Partition;
import dev.ghmm.process.DirectSum;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** The ready properties as a user runs them: direct sums are valid GHMMs and preserve their sectors. */
class DirectSumContractProperties implements PartitionContract<DirectSum> {

    @Override
    @Provide
    public Arbitrary<DirectSum> processes() {
        return ProcessArbitraries.directSums(3, 3);
    }

    @Override
    public Partition partition(DirectSum process) {
        return process.sectors();
    }
}
