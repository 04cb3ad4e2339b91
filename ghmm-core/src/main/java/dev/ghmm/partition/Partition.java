package dev.ghmm.partition;

import dev.ghmm.MixedRadix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A partition of the state indices {0, …, n−1} into sectors, V = ⊕<sub>σ</sub> V<sub>σ</sub> (eq. 2.8, 2.11):
 * every state lies in exactly one sector. States within a sector are kept in increasing order; sectors
 * are numbered in the order given. Immutable.
 *
 * <p>A partition is a pure set of index sets and knows nothing of operators or processes: whether an operator
 * preserves it is decided in the operator package ({@code Invariance}), and reported per symbol by the process.
 */
public final class Partition {
    private final int[] sectorOf;
    private final int[][] sectors;

    private Partition(int[][] sectors, int[] sectorOf) {
        this.sectors = sectors;
        this.sectorOf = sectorOf;
    }

    /**
     * {@return the partition of {0, …, n−1} into the given sectors}
     *
     * @throws IllegalArgumentException if a sector is empty, a state is out of range, or a state is
     *                                  missing or appears twice; the message names the state
     * @param n the dimension n
     * @param sectors the sector decomposition
     */
    public static Partition of(int n, int[]... sectors) {
        if (n <= 0) {
            throw new IllegalArgumentException("a partition needs at least one state, got n = " + n);
        }
        int[] sectorOf = new int[n];
        Arrays.fill(sectorOf, -1);
        int[][] copy = new int[sectors.length][];
        for (int s = 0; s < sectors.length; s++) {
            if (sectors[s] == null || sectors[s].length == 0) {
                throw new IllegalArgumentException("sector " + s + " is empty");
            }
            copy[s] = sectors[s].clone();
            Arrays.sort(copy[s]);
            for (int state : copy[s]) {
                if (state < 0 || state >= n) {
                    throw new IllegalArgumentException("state " + state + " in sector " + s + " is out of range [0, " + n + ")");
                }
                if (sectorOf[state] >= 0) {
                    throw new IllegalArgumentException("state " + state + " is in sector " + sectorOf[state] + " and in sector " + s);
                }
                sectorOf[state] = s;
            }
        }
        for (int state = 0; state < n; state++) {
            if (sectorOf[state] < 0) {
                throw new IllegalArgumentException("state " + state + " is in no sector");
            }
        }
        return new Partition(copy, sectorOf);
    }

    /**
     * {@return the partition whose sector of state i is {@code labels[i]}; labels must be exactly 0, …, k−1}
     *
     * @param labels the sector of each state
     */
    public static Partition fromLabels(int[] labels) {
        int k = 0;
        for (int label : labels) {
            k = Math.max(k, label + 1);
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label of state " + i + " is " + labels[i] + " < 0");
            }
            members.get(labels[i]).add(i);
        }
        int[][] sectors = new int[k][];
        for (int s = 0; s < k; s++) {
            sectors[s] = members.get(s).stream().mapToInt(Integer::intValue).toArray();
        }
        return of(labels.length, sectors);
    }

    /**
     * {@return the partition with one sector holding all n states}
     *
     * @param n the dimension n
     */
    public static Partition trivial(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return of(n, all);
    }

    /**
     * {@return the partition into consecutive ranges of the given sizes: sector s holds the next sizes[s] states}
     * This is the shape of a sector-adapted basis (eq. 2.14).
     *
     * @param sizes the sector sizes
     */
    public static Partition contiguous(int... sizes) {
        int[][] sectors = new int[sizes.length][];
        int next = 0;
        for (int s = 0; s < sizes.length; s++) {
            if (sizes[s] <= 0) {
                throw new IllegalArgumentException("sector " + s + " has size " + sizes[s] + " <= 0");
            }
            sectors[s] = new int[sizes[s]];
            for (int k = 0; k < sizes[s]; k++) {
                sectors[s][k] = next++;
            }
        }
        return of(next, sectors);
    }

    /**
     * Parses sectors written as state indices separated by spaces (or commas), sectors separated by {@code |}: for
     * example {@code "0|1 2"} is span{S0} ⊕ span{S1, SR} of eq. 2.16.
     *
     * @param spec the sectors, such as {@code "0|1 2"}
     * @param n the dimension n
     * @return the partition of the n states into those sectors
     * @throws IllegalArgumentException if a sector is empty, an entry is not a state index, or the sectors do not
     *                                  cover every state exactly once
     */
    public static Partition parse(String spec, int n) {
        String[] parts = spec.split("\\|", -1);
        int[][] sectors = new int[parts.length][];
        for (int s = 0; s < parts.length; s++) {
            String part = parts[s].trim();
            if (part.isEmpty()) {
                throw new IllegalArgumentException("sector " + s + " of \"" + spec + "\" is empty");
            }
            String[] tokens = part.split("[\\s,]+");
            sectors[s] = new int[tokens.length];
            for (int k = 0; k < tokens.length; k++) {
                try {
                    sectors[s][k] = Integer.parseInt(tokens[k]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("sector " + s + " of \"" + spec + "\": \"" + tokens[k] + "\" is not a state index");
                }
            }
        }
        return of(n, sectors);
    }

    /**
     * {@return the product partition of eq. 2.6 and 2.12 on the lexicographic tensor basis of eq. 2.19: the sector
     * (σ<sub>1</sub>, …, σ<sub>F</sub>) holds the joint states whose factor-f state lies in sector σ<sub>f</sub>
     * of partition f} Sector tuples are numbered lexicographically, last factor fastest.
     *
     * @param factors the factors, in order
     */
    public static Partition kron(Partition... factors) {
        if (factors.length == 0) {
            throw new IllegalArgumentException("kron needs at least one partition");
        }
        long n = 1;
        for (Partition p : factors) {
            n *= p.states();
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("product partition has " + n + " states, more than " + Integer.MAX_VALUE);
        }
        int[] labels = new int[(int) n];
        int[] states = Arrays.stream(factors).mapToInt(Partition::states).toArray();
        int[] sectors = Arrays.stream(factors).mapToInt(Partition::sectorCount).toArray();
        int[] tuple = new int[factors.length];
        int[] sigma = new int[factors.length];
        for (int joint = 0; joint < n; joint++) {
            MixedRadix.decode(states, joint, tuple);
            for (int f = 0; f < factors.length; f++) {
                sigma[f] = factors[f].sectorOf(tuple[f]);
            }
            labels[joint] = MixedRadix.encode(sectors, sigma);
        }
        return fromLabels(labels);
    }

    /** {@return the number of states n} */
    public int states() {
        return sectorOf.length;
    }

    /** {@return the number of sectors} */
    public int sectorCount() {
        return sectors.length;
    }

    /**
     * {@return the sector that holds {@code state}}
     *
     * @param state the state index
     */
    public int sectorOf(int state) {
        return sectorOf[state];
    }

    /**
     * {@return the states of sector s in increasing order (a copy)}
     *
     * @param s the sector index
     */
    public int[] sector(int s) {
        return sectors[s].clone();
    }

    /**
     * {@return the number of states in sector s: dim V<sub>σ</sub>}
     *
     * @param s the sector index
     */
    public int sectorSize(int s) {
        return sectors[s].length;
    }

    /** {@return the sector sizes in sector order} */
    public int[] sectorSizes() {
        int[] sizes = new int[sectors.length];
        Arrays.setAll(sizes, s -> sectors[s].length);
        return sizes;
    }

    /**
     * {@return whether sector s is a range of consecutive states}
     *
     * @param s the sector index
     */
    public boolean isContiguous(int s) {
        int[] members = sectors[s];
        return members[members.length - 1] - members[0] == members.length - 1;
    }

    /**
     * {@return the permutation to a sector-adapted basis: position k of the adapted basis holds original state
     * {@code adaptedOrder()[k]}; sectors come in order, each in increasing state order}
     */
    public int[] adaptedOrder() {
        int[] order = new int[states()];
        int k = 0;
        for (int[] sector : sectors) {
            for (int state : sector) {
                order[k++] = state;
            }
        }
        return order;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Partition && Arrays.deepEquals(sectors, ((Partition) o).sectors);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(sectors);
    }

    /** The sectors as in {@link #parse}: {@code "0|1 2"}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < sectors.length; k++) {
            if (k > 0) {
                s.append('|');
            }
            for (int m = 0; m < sectors[k].length; m++) {
                s.append(m == 0 ? "" : " ").append(sectors[k][m]);
            }
        }
        return s.toString();
    }
}
