package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import java.util.HashSet;
import java.util.List;

/** A basket line's substitution policy. ALTERNATES needs at least one alternate; the others take none. */
public record Substitution(SubstitutionMode mode, List<Gtin> alternates) {

    public static final Substitution NONE = new Substitution(SubstitutionMode.NONE, List.of());

    public Substitution {
        Checks.requireNonNull(mode, "substitution.mode");
        alternates = Checks.copyOrEmpty(alternates, "substitution.alternates");
        if (mode == SubstitutionMode.ALTERNATES && alternates.isEmpty()) {
            throw new IllegalArgumentException("substitution.alternates must name at least one GTIN when mode is ALTERNATES");
        }
        if (mode != SubstitutionMode.ALTERNATES && !alternates.isEmpty()) {
            throw new IllegalArgumentException("substitution.alternates is only allowed when mode is ALTERNATES");
        }
        if (alternates.size() > 10) {
            throw new IllegalArgumentException("substitution.alternates allows at most 10 GTINs");
        }
        if (new HashSet<>(alternates).size() != alternates.size()) {
            throw new IllegalArgumentException("substitution.alternates names a GTIN more than once");
        }
    }
}
