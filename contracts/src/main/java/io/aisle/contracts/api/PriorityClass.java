package io.aisle.contracts.api;

/** Who the order is for. Allocation, waves and dispatch serve higher classes first without starving STANDARD. */
public enum PriorityClass {
    STANDARD,
    ESSENTIAL_WORKER,
    HOSPITAL
}
