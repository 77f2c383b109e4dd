package io.aisle.gateway.allocation;

import java.util.Arrays;

/**
 * A maximum flow of minimum cost on a small graph, where a cost is a pair compared first by its primary, then by its
 * secondary part. Successive shortest paths, found by Bellman-Ford with a FIFO queue, so the
 * result depends on nothing but the graph as built.
 */
final class MinCostFlow {

    private static final long UNREACHED = Long.MAX_VALUE;

    private int nodes;
    private int[] head = new int[16];
    private int edges;
    private int[] to = new int[32];
    private int[] next = new int[32];
    private long[] capacity = new long[32];
    private long[] primary = new long[32];
    private long[] secondary = new long[32];

    int addNode() {
        if (nodes == head.length) {
            head = Arrays.copyOf(head, nodes * 2);
        }
        head[nodes] = -1;
        return nodes++;
    }

    /** Adds an edge and returns its id, for {@link #flow(int)}. */
    int addEdge(int from, int target, long edgeCapacity, long primaryCost, long secondaryCost) {
        if (edgeCapacity < 0 || primaryCost < 0 || secondaryCost < 0) {
            throw new IllegalArgumentException("capacity and costs must not be negative");
        }
        int id = edges;
        append(from, target, edgeCapacity, primaryCost, secondaryCost);
        append(target, from, 0, -primaryCost, -secondaryCost);
        return id;
    }

    /** The flow through an edge once {@link #run(int, int)} returned. */
    long flow(int edge) {
        return capacity[edge ^ 1];
    }

    /** Sends as much as possible from source to sink at the least cost; returns the amount sent. */
    long run(int source, int sink) {
        long sent = 0;
        long[] distPrimary = new long[nodes];
        long[] distSecondary = new long[nodes];
        int[] via = new int[nodes];
        boolean[] queued = new boolean[nodes];
        int[] queue = new int[nodes + 1];
        while (true) {
            Arrays.fill(distPrimary, UNREACHED);
            Arrays.fill(distSecondary, UNREACHED);
            Arrays.fill(via, -1);
            distPrimary[source] = 0;
            distSecondary[source] = 0;
            int first = 0;
            int last = 0;
            queue[last++] = source;
            queued[source] = true;
            while (first != last) {
                int node = queue[first];
                first = (first + 1) % queue.length;
                queued[node] = false;
                for (int e = head[node]; e >= 0; e = next[e]) {
                    if (capacity[e] == 0) {
                        continue;
                    }
                    int target = to[e];
                    long p = distPrimary[node] + primary[e];
                    long s = distSecondary[node] + secondary[e];
                    if (p < distPrimary[target] || (p == distPrimary[target] && s < distSecondary[target])) {
                        distPrimary[target] = p;
                        distSecondary[target] = s;
                        via[target] = e;
                        if (!queued[target]) {
                            queued[target] = true;
                            queue[last] = target;
                            last = (last + 1) % queue.length;
                        }
                    }
                }
            }
            if (distPrimary[sink] == UNREACHED) {
                return sent;
            }
            long amount = Long.MAX_VALUE;
            for (int node = sink; node != source; node = to[via[node] ^ 1]) {
                amount = Math.min(amount, capacity[via[node]]);
            }
            for (int node = sink; node != source; node = to[via[node] ^ 1]) {
                capacity[via[node]] -= amount;
                capacity[via[node] ^ 1] += amount;
            }
            sent += amount;
        }
    }

    private void append(int from, int target, long edgeCapacity, long primaryCost, long secondaryCost) {
        if (edges == to.length) {
            int size = edges * 2;
            to = Arrays.copyOf(to, size);
            next = Arrays.copyOf(next, size);
            capacity = Arrays.copyOf(capacity, size);
            primary = Arrays.copyOf(primary, size);
            secondary = Arrays.copyOf(secondary, size);
        }
        to[edges] = target;
        capacity[edges] = edgeCapacity;
        primary[edges] = primaryCost;
        secondary[edges] = secondaryCost;
        next[edges] = head[from];
        head[from] = edges;
        edges++;
    }
}
