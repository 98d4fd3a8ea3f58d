package dev.ticktape.model;

import java.time.LocalDate;

/** Broker-independent option identity: OCC symbol plus its parts. {@code right} is {@code C} or {@code P}. */
public record OptionContract(String underlying, LocalDate expiry, double strike, char right, String occ) {
    public OptionContract {
        Checks.symbol(underlying);
        if (expiry == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'expiry'");
        Checks.positive("strike", strike);
        if (right != 'C' && right != 'P') {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "right must be C or P");
        }
        if (occ == null || occ.isBlank()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'occ'");
        }
    }
}
