package dev.ticktape.adapters.ibkr;

import dev.ticktape.model.Execution;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;

/** One account execution as the gateway reports it, before its option contract is known. */
record IbkrFill(
        String execId,
        long conid,
        String secType,
        String symbol,
        Side side,
        double price,
        double qty,
        long tsMs,
        String account,
        String orderId) {
    boolean isOption() {
        return "OPT".equals(secType);
    }

    /** The normalized event; {@code contract} is required for options. */
    Execution toExecution(OptionContract contract, long recvMs) {
        if (isOption() && contract == null) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "ibkr: no contract for option conid " + conid);
        }
        return new Execution(
                IbkrAdapter.VENUE,
                IbkrSymbols.eventSymbol(contract, symbol),
                tsMs,
                recvMs,
                account,
                orderId,
                execId,
                side,
                price,
                qty,
                contract);
    }
}
