/**
 * ghmm-core: GHMMs, their operators, belief filters, sampling, datasets in memory, partitions, the mixed-state
 * presentation and information measures, with the small mathematical tools of the root package {@code dev.ghmm}.
 * {@code dev.ghmm.internal} (argument checks shared by ghmm's modules) is exported to those modules only.
 */
module dev.ghmm.core {
    requires transitive ejml.core;
    requires transitive ejml.ddense;
    requires transitive ejml.dsparse;
    requires transitive org.apache.commons.rng.api;
    requires org.apache.commons.rng.simple;
    requires org.apache.commons.rng.sampling;
    requires it.unimi.dsi.fastutil.core;

    exports dev.ghmm.belief;
    exports dev.ghmm.measure;
    exports dev.ghmm.operator;
    exports dev.ghmm.partition;
    exports dev.ghmm.process;
    exports dev.ghmm.sampling;
    exports dev.ghmm;
    exports dev.ghmm.internal to dev.ghmm.factored, dev.ghmm.io, dev.ghmm.probe, dev.ghmm.cli;
}
