package io.aisle.gateway.planning.wave;

/** Why a wave closed. When several hold at once, the first of SIZE, RIDER, PRIORITY, WINDOW is reported. */
public enum WaveCloseReason {
    /** The wave reached its order or unit limit, or more legs wait than one wave holds. */
    SIZE,
    /** A rider would otherwise arrive before the bags are ready. */
    RIDER,
    /** The wave holds a priority leg (HOSPITAL, ESSENTIAL_WORKER), which goes into a wave at once. */
    PRIORITY,
    /** The oldest leg of the wave has waited the whole window. */
    WINDOW
}
