/**
 * The planning core of picking and rider handoff: plain Java, no I/O, no clock reads (time comes in as arguments),
 * deterministic (the same input in any order gives the same output, ids included).
 * <ul>
 *   <li>{@link io.aisle.gateway.planning.wave}: confirmed order legs batched into pick waves per store;</li>
 *   <li>{@link io.aisle.gateway.planning.picklist}: a wave's consolidated pick list, and what a pick result means for
 *       the customer's money;</li>
 *   <li>{@link io.aisle.gateway.planning.trip}: ready orders batched into rider trips, single or multi-pickup.</li>
 * </ul>
 */
package io.aisle.gateway.planning;
