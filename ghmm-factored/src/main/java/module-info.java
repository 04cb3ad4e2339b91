/** ghmm-factored: factored, coupled, almost-factored and noisy processes, sectors, density matrices, correlations, steering. */
module dev.ghmm.factored {
    requires transitive dev.ghmm.core;

    exports dev.ghmm.factored;
    exports dev.ghmm.factored.correlation;
    exports dev.ghmm.factored.density;
    exports dev.ghmm.factored.geometry;
    exports dev.ghmm.factored.sector;
    exports dev.ghmm.factored.steering;
}
