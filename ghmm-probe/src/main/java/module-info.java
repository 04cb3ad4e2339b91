/** ghmm-probe: linear probes from activations to beliefs, the geometry of their subspaces, and steering back. */
module dev.ghmm.probe {
    requires transitive dev.ghmm.io;
    requires commons.math3;
    requires org.apache.commons.rng.simple;
    requires org.apache.commons.rng.sampling;

    exports dev.ghmm.probe;
}
