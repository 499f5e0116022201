package loombook.otp.internal;

/** Callbacks of this package's own behaviours (Agent, Supervisor...): the name they show in introspection. */
public interface BuiltIn {
    /** The label of the process and the module in {@code Sys.getStatus}, e.g. {@code "Agent"}. */
    String moduleName();
}
