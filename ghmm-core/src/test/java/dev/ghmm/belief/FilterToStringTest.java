package dev.ghmm.belief;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import org.junit.jupiter.api.Test;

/** Filters and their models print their structure and, when small, their beliefs (for JShell and failure messages). */
class FilterToStringTest {

    @Test
    void aLinearFilterPrintsItsModelPositionAndBelief() {
        Ghmm golden = Catalogue.goldenMean(0.5);
        LinearFilter filter = golden.filterModel().filter();
        String model = "FilterModel(2 states, 2 symbols, 1 variant, 1 block, non-negative)";
        assertEquals(model, golden.filterModel().toString());
        // stationary (2/3, 1/3); after a 1 the process is in state B for sure
        filter.update(1);
        assertEquals("LinearFilter(" + model + ", position 1, belief [0.0, 1.0])", filter.toString());
    }

    @Test
    void aProductFilterPrintsItsFactorsParentsAndFactorBeliefs() {
        Ghmm golden = Catalogue.goldenMean(0.5);
        FilterModel g = golden.filterModel();
        // factor 1 is the golden mean too, its one variant chosen by factor 0's symbol (a chain of one variant)
        ProductModel chain = ProductModel.of(new FilterModel[] {g, g}, new int[][] {{}, {0}}, new int[][] {{0}, {0, 0}});
        assertEquals("ProductModel(2 factors, 4 states, 4 symbols: 0: d=2, |X|=2, 1 variant; 1: d=2, |X|=2, 1 variant, parents [0])",
                chain.toString());
        ProductFilter filter = chain.filter();
        filter.update(1); // symbol 1 = (0, 1): factor 0 read 0, factor 1 read 1
        assertEquals("ProductFilter(" + chain + ", position 1, factor 0 [1.0, 0.0], factor 1 [0.0, 1.0])", filter.toString());
    }

    @Test
    void noisyFiltersPrintTheirChannelPositionAndBeliefs() {
        FilterModel g = Catalogue.goldenMean(0.5).filterModel();
        ProductModel pair = ProductModel.of(new FilterModel[] {g, g}, new int[][] {{}, {}}, new int[][] {{0}, {0}});
        BeliefFilter received = new NoisyChannel(0.25, NoisyChannel.Over.FACTORS, NoisyChannel.Updates.RECEIVED).filter(pair);
        received.update(3); // (1, 1): each factor read 1 and is in state B for sure
        assertEquals("ReceivedFilter(" + pair + ", epsilon 0.25 over each factor's alphabet, updates on the symbol received, position 1,"
                + " factor 0 [0.0, 1.0], factor 1 [0.0, 1.0])", received.toString());
        BeliefFilter sent = new NoisyChannel(0.0, NoisyChannel.Over.JOINT, NoisyChannel.Updates.SENT).filter(pair);
        sent.update(3); // without noise the joint belief is the point mass on (B, B), index 3
        assertEquals("SentJointFilter(" + pair + ", epsilon 0.0 over the joint alphabet, updates on the symbol sent, position 1,"
                + " belief [0.0, 0.0, 0.0, 1.0])", sent.toString());
    }

    @Test
    void aFullyConditionalProcessAndItsFilterPrintTheirFactorsAndBelief() {
        FilterModel g = Catalogue.goldenMean(0.5).filterModel();
        ProductModel pair = ProductModel.of(new FilterModel[] {g, g}, new int[][] {{}, {}}, new int[][] {{0}, {0}});
        // independent factors: each factor's conditional sums to 1 from each state, so Z = 1 everywhere
        FullyConditional process = FullyConditional.of(pair);
        assertEquals("FullyConditional(" + pair + ", 0 joint states with Z = 0)", process.toString());
        BeliefFilter filter = process.filter();
        filter.update(3); // (1, 1): both factors in state B for sure
        assertEquals("FullyConditionalFilter(" + process + ", position 1, belief [0.0, 0.0, 0.0, 1.0])", filter.toString());
    }
}
