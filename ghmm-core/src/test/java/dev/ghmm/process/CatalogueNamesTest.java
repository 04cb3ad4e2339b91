package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The catalogue's names: simplexity's names and parameter names as aliases, and the nearest name suggested on a typo. */
class CatalogueNamesTest {
    private static void same(String alias, String canonical) {
        Ghmm a = Catalogue.byName(alias);
        Ghmm c = Catalogue.byName(canonical);
        assertEquals(c.name(), a.name(), alias);
        int[] word = new int[Math.min(6, 2 * c.symbols())];
        for (int t = 0; t < word.length; t++) {
            word[t] = t % c.symbols();
        }
        assertEquals(c.probability(word), a.probability(word), 0, alias);
    }

    @Test
    void simplexityNamesAndParametersAreAliases() {
        same("tom_quantum:alpha=1,beta=2", "tom-quantum:alpha=1,beta=2");
        same("mess3:x=0.1,a=0.7", "mess3:x=0.1,alpha=0.7");
        same("zero_one_random:p=0.3", "z1r:p=0.3");
        same("even_ones", "even-ones");
        same("no_consecutive_ones:p=0.4", "no-consecutive-ones:p=0.4");
        same("days_of_week", "days-of-the-week");
        same("fanizza:alpha=2000,lamb=0.49", "fanizza:alpha=2000,lambda=0.49");
        same("post_quantum:log_alpha=1,beta=0.5", "post-quantum:logAlpha=1,beta=0.5");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("mess3:a=0.5,alpha=0.6"));
        assertEquals("parameter alpha of mess3 is given twice", twice.getMessage());
    }

    @Test
    void aTypoGetsTheNearestNameAndTheValidOnes() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("mes3"));
        assertTrue(name.getMessage().startsWith("unknown process \"mes3\" (did you mean mess3?); known: ["), name.getMessage());
        assertTrue(name.getMessage().contains("simplexity's names [days_of_week, even_ones"), name.getMessage());
        IllegalArgumentException far = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("nope"));
        assertTrue(far.getMessage().startsWith("unknown process \"nope\"; known: ["), far.getMessage());
        IllegalArgumentException parameter = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("mess3:alpah=0.5"));
        assertEquals("unknown parameter(s) [alpah] for process mess3 (did you mean alpha?); its parameters: x, alpha", parameter.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("z1r-prime:p=1")).getMessage()
                .endsWith("its parameters: none"));
    }
}
