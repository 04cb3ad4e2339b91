package dev.ghmm.factored;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;

/**
 * Factored processes of the literature, ready to sample. Every factor's symbols keep their catalogue names, so a
 * joint symbol is named (x<sub>0</sub>,…,x<sub>F−1</sub>).
 */
public final class FactoredCatalogue {
    private FactoredCatalogue() {
    }

    /**
     * The five-factor chain of Shai et al., "Transformers learn factored representations" (arXiv 2602.02385), with
     * the parameters the Python peer ships: factor 0 is Mess3(x = 0.15, α = 0.6); factors 1 and 2 choose among
     * Mess3 (0.15, 0.6), (0.11, 0.79), (0.5, 0.6), (0.5, 0.21) by the parent-symbol → variant maps [2, 3, 0] and
     * [1, 3, 2]; factors 3 and 4 choose among Tom Quantum α = 1, β ∈ {1, 4, √51, 2} by [2, 0, 3] and [1, 3, 0, 2].
     * Joint alphabet 3·3·3·4·4 = 432, joint dimension 3<sup>5</sup> = 243.
     *
     * @return the chain
     */
    public static FactoredProcess shaiChain() {
        Ghmm[] mess3 = {Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.11, 0.79), Catalogue.mess3(0.5, 0.6), Catalogue.mess3(0.5, 0.21)};
        Ghmm[] tom = {Catalogue.tomQuantum(1, 1), Catalogue.tomQuantum(1, 4), Catalogue.tomQuantum(1, Math.sqrt(51)), Catalogue.tomQuantum(1, 2)};
        return FactoredProcess.builder()
                .factor(mess3[0])
                .factor(mess3).chain(1, new int[] {2, 3, 0})
                .factor(mess3).chain(2, new int[] {1, 3, 2})
                .factor(tom).chain(3, new int[] {2, 0, 3})
                .factor(tom).chain(4, new int[] {1, 3, 0, 2})
                .build();
    }

    /**
     * Three independent Mess3(x = 0.15, α = 0.6) factors: 27 symbols, 27 joint states.
     *
     * @return Mess3 ⊗ Mess3 ⊗ Mess3
     */
    public static FactoredProcess mess3Cubed() {
        Ghmm m = Catalogue.mess3(0.15, 0.6);
        return FactoredProcess.of(m, m, m);
    }

    /**
     * Z1R′ ⊗ Z1R′ (eq. 2.19–2.22 of the AFP notes) as a two-factor process.
     *
     * @return the product
     */
    public static FactoredProcess z1rPrimeSquared() {
        return FactoredProcess.of(Catalogue.z1rPrime(), Catalogue.z1rPrime());
    }

    /**
     * The persona picture of the AFP notes: (A<sub>1</sub> ⊕ A<sub>2</sub>) ⊗ (B<sub>1</sub> ⊕ B<sub>2</sub>), capability
     * A as an equal mixture of Mess3(0.15, 0.6) and Mess3(0.05, 0.85), alignment B as an equal mixture of a fair coin
     * and a biased coin Pr(1) = 0.9. The factors' beliefs carry the posterior over personas.
     *
     * @return the product of two direct sums
     */
    public static FactoredProcess personas() {
        DirectSum capability = DirectSum.of(new double[] {0.5, 0.5}, Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.05, 0.85));
        DirectSum alignment = DirectSum.of(new double[] {0.5, 0.5}, Catalogue.biasedCoin(0.5), Catalogue.biasedCoin(0.9));
        return FactoredProcess.of(capability, alignment);
    }
}
