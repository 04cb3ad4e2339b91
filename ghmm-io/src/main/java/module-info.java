/** ghmm-io: numpy's {@code .npy} format, the {@code ghmm-dataset/1} layout, process files and the JSON they share. */
module dev.ghmm.io {
    requires transitive dev.ghmm.factored;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.ghmm.io;
    exports dev.ghmm.io.json;
    exports dev.ghmm.io.process;
}
