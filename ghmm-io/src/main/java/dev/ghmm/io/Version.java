package dev.ghmm.io;

/** The version of the ghmm library, stated in the files it writes ({@code version} in meta.json) and by {@code ghmm --version}. */
public final class Version {
    /** The library version, as in the Maven coordinates. */
    public static final String CURRENT = "0.1.0-SNAPSHOT";

    private Version() {
    }
}
