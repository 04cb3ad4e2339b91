// Start with: jshell --class-path ghmm-cli/target/ghmm.jar examples/jshell/quickstart.jsh
import dev.ghmm.process.*;
import dev.ghmm.partition.*;
import java.util.Arrays;

Ghmm z = Catalogue.z1r();
int[] w = z.alphabet().parse("0 1 1");
System.out.println("Pr(0 1 1) = " + z.probability(w));
System.out.println("belief = " + Arrays.toString(z.beliefAfter(w)));
System.out.println(Catalogue.z1rPrime().checkPartition(Partition.parse("0|1 2", 3), 1e-12));
