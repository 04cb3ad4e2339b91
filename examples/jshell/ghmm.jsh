// JShell startup script: every public package of ghmm, and java.util, so snippets need no import lines.
//   jshell --class-path ghmm-cli/target/ghmm.jar --startup DEFAULT --startup examples/jshell/ghmm.jsh
import java.util.*;
import dev.ghmm.*;
import dev.ghmm.partition.*;
import dev.ghmm.operator.*;
import dev.ghmm.belief.*;
import dev.ghmm.process.*;
import dev.ghmm.sampling.*;
import dev.ghmm.measure.*;
import dev.ghmm.factored.*;
import dev.ghmm.factored.sector.*;
import dev.ghmm.factored.density.*;
import dev.ghmm.factored.correlation.*;
import dev.ghmm.factored.steering.*;
import dev.ghmm.factored.geometry.*;
import dev.ghmm.io.*;
import dev.ghmm.io.json.*;
import dev.ghmm.io.process.*;
import dev.ghmm.io.dataset.*;
import dev.ghmm.io.output.*;
import dev.ghmm.probe.*;
import dev.ghmm.cli.*;
// Process is ghmm's: a single-type import wins over java.lang.Process and every on-demand import
import dev.ghmm.process.Process;
