package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.factored.correlation.Measures;
import dev.ghmm.factored.density.DensityMatrix;
import dev.ghmm.factored.sector.SectorDecomposition;
import dev.ghmm.io.json.Json;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.sampling.Datasets;
import java.util.Arrays;
import picocli.CommandLine.Command;

/** {@code ghmm demo}: the README's main demo, Z1R' × Z1R' end to end (the AFP notes, sections 2.2–2.3). */
@Command(name = "demo", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Z1R' x Z1R' end to end, the README's demo.",
            "Sectors, partition check, beliefs, reduced density matrices, mutual information, samples."})
final class DemoCommand extends CommandBase {
    DemoCommand(Output output) {
        super(output);
    }

    @Override
    int run() {
        Ghmm zz = Catalogue.z1rPrimeSquared();
        Partition split = Partition.parse("0|1 2", 3);
        SectorDecomposition sectors = SectorDecomposition.of(split, split);
        boolean preserved = zz.checkPartition(sectors.partition(), 0).preserved();
        int[] word = zz.alphabet().parse("A");
        double[] belief = zz.beliefAfter(word);
        DensityMatrix rho = DensityMatrix.classical(belief, 3, 3);
        Datasets.Block data = Datasets.generate(zz, java.util.EnumSet.of(Datasets.Output.BELIEFS), 0, 4, 8, 2026L, 1);
        double[] afpP = {0.1, 0.5, 0.9};
        if (text) {
            output.line("Z1R' x Z1R' (eq. 2.19-2.22): " + zz);
            output.line("sector block sizes (eq. 2.23): " + Arrays.toString(sectors.partition().sectorSizes()) + ", sectors " + sectors.partition());
            output.line("every T(x) preserves the partition (eq. 2.9): " + preserved);
            output.line("finest invariant partition: " + zz.finestPartition(0));
            output.line("Pr(A) = " + zz.probability(word));
            output.line("belief after A (eq. 2.3): " + Arrays.toString(belief));
            output.line("rho_A = diag" + Arrays.toString(rho.partialTrace(0).diagonal()));
            output.line("rho_B = diag" + Arrays.toString(rho.partialTrace(1).diagonal()));
            output.line("sector weights: " + Arrays.toString(rho.sectorWeights(sectors).diagonal()));
            output.line("I(A:B) = " + Measures.mutualInformation(rho) + " bits (a product process stays uncorrelated)");
            for (double p : afpP) {
                DensityMatrix afp = DensityMatrix.afp(p);
                output.line("rho_AFP(p=" + p + ") (eq. 2.26): I(A:B) = " + Measures.mutualInformation(afp) + " bits, trace distance to rho_A x rho_B = "
                        + Measures.distanceFromProduct(afp));
            }
            output.line("4 sampled sequences (seed 2026): ");
            for (int k = 0; k < 4; k++) {
                output.line("  " + zz.alphabet().format(Arrays.copyOfRange(data.tokens(), k * 8, (k + 1) * 8)));
            }
            return 0;
        }
        ObjectNode o = Json.createObjectNode();
        o.put("process", zz.name());
        ArrayNode sizes = o.putArray("sectorSizes");
        Arrays.stream(sectors.partition().sectorSizes()).forEach(sizes::add);
        o.put("partitionPreserved", preserved);
        o.put("finestPartition", zz.finestPartition(0).toString());
        o.put("probability", zz.probability(word));
        o.set("belief", Json.array(belief));
        o.set("rhoA", Json.array(rho.partialTrace(0).diagonal()));
        o.set("rhoB", Json.array(rho.partialTrace(1).diagonal()));
        o.set("sectorWeights", Json.array(rho.sectorWeights(sectors).diagonal()));
        o.put("mutualInformation", Measures.mutualInformation(rho));
        ArrayNode afps = o.putArray("afp");
        for (double p : afpP) {
            afps.addObject().put("p", p).put("mutualInformation", Measures.mutualInformation(DensityMatrix.afp(p)));
        }
        ArrayNode seqs = o.putArray("samples");
        for (int k = 0; k < 4; k++) {
            seqs.add(zz.alphabet().format(Arrays.copyOfRange(data.tokens(), k * 8, (k + 1) * 8)));
        }
        output.json(o);
        return 0;
    }
}
