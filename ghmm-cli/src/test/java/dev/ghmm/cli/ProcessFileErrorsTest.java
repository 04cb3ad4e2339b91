package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad composite process files on the command line: exit 2 and exactly one line on stderr that names the JSON path
 * (and the value), never a stack trace nor Jackson's REDACTED source text.
 */
class ProcessFileErrorsTest {
    @TempDir
    Path tmp;

    private static final String MESS = "{'catalogue': 'mess3', 'params': {'x': 0.15, 'alpha': 0.6}}";
    private static final String MESS_B = "{'catalogue': 'mess3', 'params': {'x': 0.05, 'alpha': 0.85}}";
    private static final String COIN = "{'catalogue': 'coin', 'params': {'p': 0.3}}";
    private static final String FACTOR = "{'variants': [" + MESS + "]}";

    private record Case(String json, String fragment) {
    }

    /** Single quotes stand for double quotes; M, N, C and F for a Mess3, another Mess3, a coin and a factor of one Mess3. */
    private static Case bad(String json, String fragment) {
        return new Case(json.replace("M", MESS).replace("N", MESS_B).replace("C", COIN).replace("F", FACTOR).replace('\'', '"'),
                fragment.replace('\'', '"'));
    }

    private static String chain(String factor1) {
        return "{'factored': {'structure': 'chain', 'factors': [F, " + factor1 + "]}}";
    }

    private static String control(String factor2) {
        return "{'factored': {'structure': 'control', 'factors': [{'variants': [C]}, F, " + factor2 + "]}}";
    }

    private static String sum(String body) {
        return "{'directSum': {'components': [M, N]" + body + "}}";
    }

    static final List<Case> CASES = List.of(
            // unknown keys, at every level
            bad("{'factored': {'structure': 'independent', 'factors': [F, F]}, 'name': 'x'}", "name = 'x' is an unknown key"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, F], 'weights': [1]}}", "factored.weights = [1] is an unknown key"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, {'varients': [M]}]}}", "factored.factors[1].varients = "),
            bad(sum(", 'weight': [0.5, 0.5]"), "directSum.weight = [0.5,0.5] is an unknown key"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, {'variants': [{'catalogue': 'coin', 'param': {}}]}]}}",
                    "factored.factors[1].variants[0].param = {} is an unknown key"),
            bad("{'directSum': {'components': [{'alphabet': ['0'], 'transfer': [[[1]]], 'initail': [1]}], 'weights': [1]}}",
                    "directSum.components[0].initail = [1] is an unknown key"),
            // control maps
            bad(chain("{'variants': [M, N], 'control': [0, 1]}"), "factored.factors[1].control = [0,1] has 2 entries but needs 3"),
            bad(chain("{'variants': [M, N], 'control': [0, 1, 7]}"), "factored.factors[1].control[2] = 7 is not a variant of factor 1"),
            bad(chain("{'variants': [M, N], 'control': [0, 1.5, 0]}"), "factored.factors[1].control[1] = 1.5 is not an integer"),
            bad(chain("{'variants': [M, N]}"), "factored.factors[1].control is missing"),
            bad("{'factored': {'structure': 'chain', 'factors': [{'variants': [M], 'control': [0]}, F]}}",
                    "factored.factors[0].control = [0] is not allowed"),
            bad("{'factored': {'structure': 'chain', 'factors': [{'variants': [M, N]}, F]}}",
                    "factored.factors[0].variants has 2 variants but factor 0 of a chain has no parent"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, {'variants': [M, N]}]}}", "factored.factors[1].variants has 2 variants but the factors are independent"),
            bad(control("{'variants': [M, N], 'control': {'parents': [0, 1], 'table': [0, 1, 0]}}"),
                    "factored.factors[2].control.table = [0,1,0] has 3 entries but needs 6"),
            bad(control("{'variants': [M, N], 'control': {'parents': [0], 'table': [0, -1]}}"),
                    "factored.factors[2].control.table[1] = -1 is not a variant of factor 2"),
            bad(control("{'variants': [M, N], 'control': {'parents': [2], 'table': [0, 1, 0]}}"),
                    "factored.factors[2].control.parents[0] = 2 is not a parent of factor 2"),
            bad(control("{'variants': [M, N], 'control': {'parents': [0, 0], 'table': [0, 1, 0, 1]}}"),
                    "factored.factors[2].control.parents[1] = 0 repeats a parent"),
            bad(control("{'variants': [M, N], 'control': {'table': [0, 1]}}"), "factored.factors[2].control.parents is missing"),
            bad(control("{'variants': [M, N], 'control': [0, 1]}"), "factored.factors[2].control = [0,1] is not an object"),
            // variants that differ
            bad(chain("{'variants': [M, 'z1r', N], 'control': [0, 1, 2]}"), "factored.factors[1].variants[1] has alphabet"),
            bad(chain("{'variants': ['z1r', 'even'], 'control': [0, 1, 0]}"), "factored.factors[1].variants[1] has dimension 2"),
            bad(chain("{'variants': []}"), "factored.factors[1].variants = [] is empty"),
            // weights and symbols of a direct sum
            bad(sum(", 'weights': [1.25, -0.25]"), "directSum.weights[1] = -0.25 is negative"),
            bad(sum(", 'weights': [0.5, 0.6]"), "directSum.weights = [0.5,0.6] sums to 1.1"),
            bad(sum(", 'weights': [0.5, 0.5, 0]"), "directSum.weights = [0.5,0.5,0] has 3 weights but there are 2 components"),
            bad(sum(", 'weights': [0.5, '0.5']"), "directSum.weights[1] = '0.5' is not a number"),
            bad(sum(", 'weights': [0.5, 0.5], 'symbols': [['a', 'b', 'a'], ['a', 'b', 'c']]"),
                    "directSum.symbols[0][2] = 'a' is also directSum.symbols[0][0]"),
            bad(sum(", 'weights': [0.5, 0.5], 'symbols': [['a', 'b', 'c'], ['a']]"), "directSum.symbols[1] = ['a'] has 1 names but component 1 has 3"),
            bad(sum(", 'weights': [0.5, 0.5], 'symbols': [['a', 'b', 'c'], ['a', 'b', 3]]"), "directSum.symbols[1][2] = 3 is not a string"),
            bad(sum(""), "directSum.weights is missing"),
            bad("{'directSum': {'weights': [1]}}", "directSum.components is missing"),
            // structure, types, catalogue references
            bad("{'factored': {'factors': [F, F]}}", "factored.structure is missing"),
            bad("{'factored': {'structure': 'tree', 'factors': [F, F]}}", "factored.structure = 'tree' is not one of independent, chain, control"),
            bad("{'factored': {'structure': 'independent', 'factors': {'0': F}}}", "factored.factors = {"),
            bad("{'factored': {'structure': 'independent', 'factors': [F]}}", "factored.factors = [{"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, {'variants': [{'catalogue': 'mess4'}]}]}}",
                    "factored.factors[1].variants[0].catalogue = 'mess4' is not in the catalogue"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, {'variants': [{'catalogue': 'mess3', 'params': {'x': '0.1'}}]}]}}",
                    "factored.factors[1].variants[0].params.x = '0.1' is not a number"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, {'variants': [{'catalogue': 'mess3', 'params': {'x': 0.9}}]}]}}",
                    "factored.factors[1].variants[0].params = {'x':0.9}: mess3 needs x <= 1/2"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, {'variants': [{'catalogue': 'mess3', 'params': {'y': 1}}]}]}}",
                    "factored.factors[1].variants[0].params = {'y':1}: unknown parameter(s) [y]"),
            bad("{'directSum': {'components': ['mess3:y=1'], 'weights': [1]}}", "directSum.components[0] = 'mess3:y=1': unknown parameter(s) [y]"),
            bad("{'directSum': {'components': [{'alphabet': ['0', '1'], 'transfer': [[[0.5]], [[0.6]]], 'hmm': true}], 'weights': [1]}}",
                    "directSum.components[0]: not an HMM: row 0 of T sums to 1.1"),
            bad("{'directSum': {'components': [{'alphabet': ['0'], 'transfer': [[[1]]], 'hmm': 'yes'}], 'weights': [1]}}",
                    "directSum.components[0].hmm = 'yes' is not true or false"),
            // noisy channels
            bad("{'noisy': {'process': M, 'epsilon': 1.5, 'over': 'joint', 'updates': 'sent'}}", "noisy.epsilon = 1.5 is not in [0, 1]"),
            bad("{'noisy': {'process': M, 'epsilon': -0.1, 'over': 'joint', 'updates': 'sent'}}", "noisy.epsilon = -0.1 is not in [0, 1]"),
            bad("{'noisy': {'process': M, 'epsilon': '0.1', 'over': 'joint', 'updates': 'sent'}}", "noisy.epsilon = '0.1' is not a number"),
            bad("{'noisy': {'process': M, 'epsilon': 0.1, 'over': 'both', 'updates': 'sent'}}", "noisy.over = 'both' is not joint or factors"),
            bad("{'noisy': {'process': M, 'epsilon': 0.1, 'over': 'joint', 'updates': 'seen'}}",
                    "noisy.updates = 'seen' is not sent or received"),
            bad("{'noisy': {'process': M, 'epsilon': 0.1, 'over': 'joint'}}", "noisy.updates is missing"),
            bad("{'noisy': {'process': M, 'epsilon': 0.1, 'over': 'joint', 'updates': 'sent', 'eps': 0.1}}", "noisy.eps = 0.1 is an unknown key"),
            bad("{'noisy': {'process': {'catalogue': 'mess4'}, 'epsilon': 0.1, 'over': 'joint', 'updates': 'sent'}}",
                    "noisy.process.catalogue = 'mess4' is not in the catalogue"),
            bad("{'noisy': {'process': {'noisy': {'process': M, 'epsilon': 0.1, 'over': 'joint', 'updates': 'received'}}, 'epsilon': 0.1,"
                    + " 'over': 'joint', 'updates': 'sent'}}", "noisy.process is a noisy channel with received updates, which has no finite GHMM"),
            bad("{'directSum': {'components': [{'noisy': {'process': M, 'epsilon': 0.1, 'over': 'joint', 'updates': 'received'}}, M],"
                    + " 'weights': [0.5, 0.5]}}", "directSum.components[0]: noisy("),
            bad("[M]", "the top level = [{"),
            // Jackson's own complaints
            bad("{'factored': {'structure': 'chain', 'factors': [F, F", "malformed JSON at line 1"),
            bad("{'factored': {'structure': 'chain', 'structure': 'independent', 'factors': [F, F]}}", "Duplicate field"),
            bad("{'factored': {'structure': 'independent', 'factors': [F, F]}} {}", "malformed JSON"),
            bad("[".repeat(1500) + "]".repeat(1500), "JSON beyond a reading limit: Document nesting depth (1001) exceeds the maximum allowed (1000)"),
            // a sparse entry given twice is not summed
            bad("{'alphabet': ['0'], 'transfer': [{'rows': 1, 'cols': 1, 'entries': [[0, 0, 0.5], [0, 0, 0.5]]}]}",
                    "transfer[0].entries[1] = [0,0,0.5] repeats entry (0, 0) of transfer[0].entries[0]"),
            // symbol names are printable without white space of any kind (here a no-break space)
            bad("{'alphabet': ['a\u00a0b', 'c'], 'transfer': [[[0.5]], [[0.5]]]}", "names must be non-empty, printable and without white space"));

    @Test
    void everyBadFileIsOneLineWithItsJsonPath() throws IOException {
        assertTrue(CASES.size() >= 15);
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            Path file = tmp.resolve("bad" + i + ".json");
            Files.writeString(file, c.json());
            CliTest.Result r = run("describe", "--process", file.toString());
            String context = "case " + i + " (" + c.fragment() + "): stderr " + r.err();
            assertEquals(2, r.code(), context);
            assertEquals("", r.out(), context);
            List<String> lines = r.err().lines().toList();
            assertEquals(1, lines.size(), context);
            assertTrue(lines.get(0).startsWith("ghmm describe: " + file + ": "), context);
            assertTrue(lines.get(0).contains(c.fragment()), context);
            for (String leak : new String[] {"REDACTED", "Exception", "\tat ", "com.fasterxml"}) {
                assertFalse(r.err().contains(leak), context);
            }
        }
    }

    /**
     * Refusals that depend only on the file but come from library calls (the stationary solve of a closed class, a
     * sparse matrix, a direct sum's alphabet) are bad input too: exit 2 and the whole line names the file once.
     */
    @Test
    void aRefusalOfTheLibraryIsBadInputNamingTheFile() throws IOException {
        String[][] cases = {
            {"{'alphabet': ['a'], 'transfer': [[[0, 1, 0], [0, 1, 1e-300], [1e-300, 1, 0]]]}",
                "a state of a closed class has no transition to the rest of its class"},
            {"{'alphabet': ['a'], 'transfer': [{'rows': 2147483647, 'cols': 2147483647, 'entries': []}]}",
                "transfer[0].rows = 2147483647 is too large: a matrix has at most 2147483646 rows"},
            {"{'type': 'nonergodic', 'components': [{'type': 'hmm', 'transition_matrices': [[[1]]]}], 'weights': [1], 'vocab_maps': [[2147483647]]}",
                "vocab_maps[0][0] = 2147483647 is too large: tokens are at most 2147483646"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path file = Files.writeString(tmp.resolve("library" + i + ".json"), cases[i][0].replace('\'', '"'));
            CliTest.Result r = run("describe", "--process", file.toString());
            assertEquals(List.of("ghmm describe: " + file + ": " + cases[i][1]), r.err().lines().toList(), cases[i][0]);
            assertEquals(2, r.code(), cases[i][0]);
        }
    }

    @Test
    void everyCommandRefusesABadFileTheSameWay() throws IOException {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, CASES.get(7).json());
        String expected = "factored.factors[1].control[2] = 7 is not a variant of factor 1, which has 2 variants (0 to 1)";
        String[][] commands = {
            {"eval", "--word", "(0,0)"},
            {"check-partition", "--partition", "0"},
            {"measures", "--max-length", "2"},
            {"msp", "--depth", "2"},
            {"sample", "--count", "2", "--length", "3", "--seed", "1", "--out", tmp.resolve("out").toString()},
        };
        for (String[] command : commands) {
            String[] args = new String[command.length + 2];
            args[0] = command[0];
            args[1] = "--process";
            args[2] = file.toString();
            System.arraycopy(command, 1, args, 3, command.length - 1);
            CliTest.Result r = run(args);
            assertEquals(2, r.code(), command[0]);
            assertEquals(List.of("ghmm " + command[0] + ": " + file + ": " + expected), r.err().lines().toList(), command[0]);
        }
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
