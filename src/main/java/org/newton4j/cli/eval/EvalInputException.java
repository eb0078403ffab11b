package org.newton4j.cli.eval;

/** Bad eval input: reported as one stderr line "field: problem" and exit status 2. */
public final class EvalInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public EvalInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() { return field; }
}
