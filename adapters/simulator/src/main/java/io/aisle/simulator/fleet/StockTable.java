package io.aisle.simulator.fleet;

/**
 * Stock and prices of every store for every catalogue product, in two flat primitive arrays indexed by
 * {@code store * products + product}: 7,000 stores x 221 products take about 12 MB. A level of -1
 * means the store does not carry the product. Each store reads and writes only its own slice, under
 * its own lock.
 */
final class StockTable {

    static final int NOT_CARRIED = -1;

    private final int products;
    private final int[] available;
    private final int[] priceFen;

    StockTable(int stores, int products) {
        this.products = products;
        long cells = (long) stores * products;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("fleet too large: " + stores + " stores x " + products + " products");
        }
        this.available = new int[(int) cells];
        this.priceFen = new int[(int) cells];
    }

    int products() {
        return products;
    }

    int available(int store, int product) {
        return available[store * products + product];
    }

    void setAvailable(int store, int product, int level) {
        available[store * products + product] = level;
    }

    void add(int store, int product, int delta) {
        available[store * products + product] += delta;
    }

    int priceFen(int store, int product) {
        return priceFen[store * products + product];
    }

    void setPrice(int store, int product, int fen) {
        priceFen[store * products + product] = fen;
    }
}
