package dev.ghmm.io.json;

/**
 * Bad JSON input: a file that is not one JSON value, or a value at a JSON path that is not what its format needs.
 * The message is one line naming the path and the value, e.g.
 * {@code factored.factors[3].control[2] = 7 is not a variant of factor 3, which has 4 variants}; a reader of a
 * file puts the file's name in front ({@link #in}). It is an {@link IllegalArgumentException}, so callers that
 * treat bad arguments as the user's mistake (the command line: exit 2) treat it the same; anything else a reader
 * throws is a bug.
 */
public final class JsonInputException extends IllegalArgumentException {
    /** The serial form of version 1. */
    private static final long serialVersionUID = 1L;

    /** The JSON path of the bad value. */
    private final String path;

    /**
     * Bad input at a JSON path.
     *
     * @param path    the JSON path ({@code factors[3].control}), empty for the top level or a file that is not JSON
     * @param message the whole one-line message
     * @param cause   the refusal of a constructor the value was given to, or null
     */
    public JsonInputException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** {@return the JSON path of the bad value, empty for the top level or a file that is not JSON} */
    public String path() {
        return path;
    }

    /**
     * The same refusal, naming where the JSON came from.
     *
     * @param source a file name, or another description of the source
     * @return an exception whose message is {@code source: message}
     */
    public JsonInputException in(Object source) {
        return new JsonInputException(path, source + ": " + getMessage(), this);
    }
}
