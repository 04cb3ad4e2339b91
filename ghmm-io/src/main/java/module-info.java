/** ghmm-io: numpy's {@code .npy} format, the {@code ghmm-dataset/1} layout and its generator (directories and the {@code ghmm-stream/1} stream), outputs written whole, process files and the JSON they share. */
module dev.ghmm.io {
    requires transitive dev.ghmm.factored;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.ghmm.io;
    exports dev.ghmm.io.dataset;
    exports dev.ghmm.io.json;
    exports dev.ghmm.io.output;
    exports dev.ghmm.io.process;
}
