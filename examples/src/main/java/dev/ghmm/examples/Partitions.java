package dev.ghmm.examples;

import dev.ghmm.operator.Invariance;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;

/** Checking a partition (eq. 2.9), finding the finest one, extracting blocks (eq. 2.14). */
public final class Partitions {
    private Partitions() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Partition split = Partition.parse("0|1 2", 3);
        System.out.println("Z1R': " + Catalogue.z1rPrime().checkPartition(split, 1e-12));
        System.out.println("standard Z1R: " + Catalogue.z1r().checkPartition(split, 1e-12));
        Ghmm zz = Catalogue.z1rPrimeSquared();
        Partition joint = Partition.kron(split, split);
        System.out.println("Z1R' x Z1R': " + zz.checkPartition(joint, 1e-12));
        System.out.println("finest partition of Z1R' x Z1R': " + zz.finestPartition(0));
        System.out.println("block T_22(D) = " + Invariance.block(zz.transfer(3), joint, 3).toDense());
    }
}
