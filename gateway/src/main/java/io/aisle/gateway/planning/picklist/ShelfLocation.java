package io.aisle.gateway.planning.picklist;

import io.aisle.contracts.value.Checks;
import java.util.Comparator;

/**
 * Where a product sits in a store: its zone and aisle. Locations order by zone, then aisle, each compared the way a
 * person reads shelf signs: runs of digits by their value ("aisle 2" before "aisle 10"), the rest letter by letter.
 */
public record ShelfLocation(String zone, String aisle) implements Comparable<ShelfLocation> {

    private static final Comparator<ShelfLocation> ORDER = Comparator
            .comparing(ShelfLocation::zone, ShelfLocation::compareSigns)
            .thenComparing(ShelfLocation::aisle, ShelfLocation::compareSigns);

    public ShelfLocation {
        Checks.requireText(zone, "zone");
        Checks.requireText(aisle, "aisle");
    }

    @Override
    public int compareTo(ShelfLocation other) {
        return ORDER.compare(this, other);
    }

    /** Compares two signs chunk by chunk: digit runs by value, other characters by code point; ties by plain text. */
    static int compareSigns(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                String digitsA = stripZeros(a.substring(i, endA));
                String digitsB = stripZeros(b.substring(j, endB));
                int byLength = Integer.compare(digitsA.length(), digitsB.length());
                if (byLength != 0) {
                    return byLength;
                }
                int byValue = digitsA.compareTo(digitsB);
                if (byValue != 0) {
                    return byValue;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int byRest = Integer.compare(a.length() - i, b.length() - j);
        return byRest != 0 ? byRest : a.compareTo(b);
    }

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
