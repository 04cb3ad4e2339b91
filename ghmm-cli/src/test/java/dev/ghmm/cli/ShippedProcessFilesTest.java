package dev.ghmm.cli;

import static dev.ghmm.cli.ShippedProcesses.shipped;
import static dev.ghmm.testing.ProcessChecks.assertSameSampledWords;
import static dev.ghmm.testing.ProcessChecks.assertSameWords;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.process.DirectSum;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The files of docs/processes are the processes of {@link FactoredCatalogue}: same structure, same word probabilities. */
class ShippedProcessFilesTest {

    private static FactoredProcess check(String file, FactoredProcess expected) throws IOException {
        FactoredProcess read = assertInstanceOf(FactoredProcess.class, ProcessFiles.read(shipped(file)));
        assertEquals(expected.factorCount(), read.factorCount());
        assertArrayEquals(expected.dimensions(), read.dimensions());
        for (int f = 0; f < expected.factorCount(); f++) {
            assertEquals(expected.variantCount(f), read.variantCount(f), "variants of factor " + f);
            assertArrayEquals(expected.parents(f), read.parents(f), "parents of factor " + f);
            assertArrayEquals(expected.controlTable(f), read.controlTable(f), "control table of factor " + f);
        }
        // the same parameters give the same doubles, so the probabilities agree to rounding
        assertSameWords(expected, read, 2, 1e-15);
        assertSameSampledWords(expected, read, 20, 40, 17);
        return read;
    }

    @Test
    void z1rPrimeSquaredIsTwoIndependentFactors() throws IOException {
        check("z1r-prime-squared.json", FactoredCatalogue.z1rPrimeSquared());
    }

    @Test
    void personasAreAProductOfTwoDirectSums() throws IOException {
        FactoredProcess read = check("personas.json", FactoredCatalogue.personas());
        DirectSum capability = assertInstanceOf(DirectSum.class, read.variantProcess(0, 0));
        assertArrayEquals(new double[] {0.5, 0.5}, capability.weights());
        assertInstanceOf(DirectSum.class, read.variantProcess(1, 0));
    }

    @Test
    void shaiChainIsTheFiveFactorChain() throws IOException {
        FactoredProcess read = check("shai-chain.json", FactoredCatalogue.shaiChain());
        assertEquals(432, read.symbols());
        assertEquals(243, read.states());
    }
}
