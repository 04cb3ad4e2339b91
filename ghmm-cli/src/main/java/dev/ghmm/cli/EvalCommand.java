package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.belief.ZeroProbabilityException;
import dev.ghmm.io.json.Json;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghmm eval}: Pr(w), ln Pr(w) and the belief after w for each word. */
@Command(name = "eval", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Evaluates words: Pr(w), ln Pr(w) and the belief after w, one line per word.")
final class EvalCommand extends ProcessCommand {
    @Option(names = "--word", paramLabel = "WORD", description = "A word: symbol names separated by spaces, e.g. \"0 1 1\"; repeatable.")
    List<String> words = new ArrayList<>();

    @Option(names = "--words", paramLabel = "FILE", converter = Options.AnyPath.class,
            description = "A UTF-8 file of words, one per line; blank lines are skipped.")
    Path file;

    EvalCommand(Output output) {
        super(output);
    }

    /** A word as given and where it came from, for messages. */
    private record Word(String text, String source) {
    }

    @Override
    int run() throws IOException {
        List<Word> given = new ArrayList<>();
        for (String w : words == null ? List.<String>of() : words) {
            given.add(new Word(w, Options.quoted("--word", w)));
        }
        if (file != null) {
            List<String> lines = Options.lines("--words", file);
            for (int k = 0; k < lines.size(); k++) {
                if (!lines.get(k).isBlank()) {
                    given.add(new Word(lines.get(k), Options.quoted("--words", file.toString()) + " line " + (k + 1)));
                }
            }
        }
        if (given.isEmpty()) {
            throw file == null ? usage("give at least one --word or --words FILE")
                    : new IllegalArgumentException(Options.refused("--words", file.toString(), "holds no words"));
        }
        Process g = load();
        List<int[]> parsed = new ArrayList<>();
        for (Word w : given) {
            try {
                parsed.add(g.alphabet().parse(w.text()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(w.source() + ": " + e.getMessage(), e);
            }
        }
        for (int k = 0; k < parsed.size(); k++) {
            int[] word = parsed.get(k);
            double lp;
            double[] belief = null;
            String error = null;
            try {
                lp = g.logProbability(word);
                if (lp == Double.NEGATIVE_INFINITY) {
                    error = "the word has probability 0";
                } else {
                    try {
                        belief = g.beliefAfter(word);
                    } catch (ZeroProbabilityException e) {
                        error = e.getMessage();
                    }
                }
            } catch (IllegalArgumentException refused) {
                // a word the process cannot read (an undefined update, a negative prediction): name it among the others
                throw new IllegalArgumentException("word " + (k + 1) + " of " + parsed.size() + " (" + given.get(k).source() + ", "
                        + g.alphabet().format(word) + "): " + refused.getMessage(), refused);
            }
            if (text) {
                output.line(g.alphabet().format(word) + ": Pr = " + Math.exp(lp) + ", ln Pr = " + lp
                        + (belief == null ? " (" + error + ")" : ", belief " + Arrays.toString(belief)));
                continue;
            }
            ObjectNode o = Json.createObjectNode();
            ArrayNode w = o.putArray("word");
            Arrays.stream(word).mapToObj(g.alphabet()::name).forEach(w::add);
            o.put("probability", Math.exp(lp));
            Output.put(o, "logProbability", lp);
            if (belief == null) {
                o.putNull("belief");
                o.put("error", error);
            } else {
                o.set("belief", Json.array(belief));
            }
            output.json(o);
        }
        return 0;
    }

    @Override
    String work() {
        return "the words of --word and --words on the process " + Options.show(process);
    }
}
