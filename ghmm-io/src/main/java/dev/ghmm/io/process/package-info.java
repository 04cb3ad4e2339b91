/**
 * Process files: every {@link dev.ghmm.process.Process} as JSON and back. {@link dev.ghmm.io.process.ProcessFiles}
 * reads and writes ghmm's format, in which a PROCESS is a catalogue string or object, the matrices T(x) of a GHMM
 * (with ⟨⟨η| and |1⟩⟩), a factored process (variants and control maps) or a direct
 * sum (components, mixture weights and symbol maps), nested to any depth; it also reads the {@code {"type": ...}}
 * files of the Python peer Astera-org/simplexity, which {@link dev.ghmm.io.process.SimplexityFiles} reads and
 * writes. The file only states a process: the constructors ({@code GhmmBuilder}, {@code FactoredProcess.Builder},
 * {@code DirectSum}) validate it, and their refusal is reported at the JSON path of what they were given, as a
 * {@link dev.ghmm.io.json.JsonInputException}.
 */
package dev.ghmm.io.process;
