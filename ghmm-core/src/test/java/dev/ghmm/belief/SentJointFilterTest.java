package dev.ghmm.belief;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SentJointFilterTest {

    /**
     * The chain of Shai et al. (three Mess3 and two Tom Quantum factors of dimension 3, alphabets 3, 3, 3, 4, 4; each
     * factor's variant chosen by the previous factor's symbol). ⟨⟨η|T carries the previous symbol: one factor at a time
     * its levels join 1·3, 3·3, 3·3, 3·4 and 4·1 pairs of contexts, 243·3·(3 + 9 + 9 + 12 + 4) = 243·111 multiply-adds.
     * Factors 0–1 merged (D = 9) join 1·3 pairs and factors 3–4 merged join 3·1: 243·(9·3 + 3·9 + 9·3) = 243·81, the
     * least of the 16 splits (by hand: {0–1}{2}{3}{4} 102, {0}{1}{2}{3–4} 90, {0–2}{3–4} 108, {0–1}{2–4} 108, …).
     */
    @Test
    void theChainsNetOperatorMergesItsFirstAndLastTwoFactors() {
        FilterModel mess3 = variants(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.11, 0.79), Catalogue.mess3(0.5, 0.6), Catalogue.mess3(0.5, 0.21));
        FilterModel tom = variants(Catalogue.tomQuantum(1, 1), Catalogue.tomQuantum(1, 4), Catalogue.tomQuantum(1, Math.sqrt(51)),
                Catalogue.tomQuantum(1, 2));
        ProductModel chain = ProductModel.of(new FilterModel[] {Catalogue.mess3(0.15, 0.6).filterModel(), mess3, mess3, tom, tom},
                new int[][] {{}, {0}, {1}, {2}, {3}}, new int[][] {{0}, {2, 3, 0}, {1, 3, 2}, {2, 0, 3}, {1, 3, 0, 2}});
        assertArrayEquals(new int[] {0, 2, 3, 5}, new SentJointFilter(chain, 0.1).levels());
    }

    /** Independent factors carry nothing: every level is one factor and its net operator (merging only grows D). */
    @Test
    void independentFactorsAreTakenOneAtATime() {
        FilterModel m = Catalogue.mess3(0.15, 0.6).filterModel();
        ProductModel product = ProductModel.of(new FilterModel[] {m, m, m}, new int[][] {{}, {}, {}}, new int[][] {{0}, {0}, {0}});
        assertArrayEquals(new int[] {0, 1, 2, 3}, new SentJointFilter(product, 0.1).levels());
    }

    private static FilterModel variants(Ghmm... variants) {
        return FilterModel.variants("", Ghmm.TOLERANCE, Arrays.stream(variants).map(Ghmm::filterModel).toArray(FilterModel[]::new));
    }
}
