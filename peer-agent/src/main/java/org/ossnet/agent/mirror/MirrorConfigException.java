package org.ossnet.agent.mirror;

/** A mirror configuration that cannot be used, with the line at fault (0 when the fault is of the whole file). */
public final class MirrorConfigException extends Exception {

    private final int line;

    public MirrorConfigException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
    }

    /** The line at fault, counting from 1, or 0 for the whole file. */
    public int line() {
        return line;
    }
}
