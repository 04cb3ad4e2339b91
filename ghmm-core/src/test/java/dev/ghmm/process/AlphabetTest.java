package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Symbol names are printable, without white space of any kind; catalogue parameters are given once. */
class AlphabetTest {

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a\u00a0b", "a\u001bb", "a\u202eb", "a\tb", "", "a\u200bb"})
    void unprintableNamesAreRefusedAndShownEscaped(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Alphabet.of("x", name));
        assertTrue(e.getMessage().startsWith("symbol 1 has name"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT),
                "the message itself prints safely: " + e.getMessage());
    }

    @Test
    void printableNamesOfAnyScriptAreFine() {
        assertEquals(3, Alphabet.of("α", "(0,1)", "下").size());
    }

    @Test
    void aCatalogueParameterGivenTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("mess3:x=0.05,x=0.1"));
        assertTrue(e.getMessage().contains("parameter x of mess3 is given twice"), e.getMessage());
    }
}
