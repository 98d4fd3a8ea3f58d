package dev.ticktape.adapters.ibkr;

import dev.ticktape.model.OptionContract;

/** An option to stream: its conid, contract, the underlying's conid (0 if unknown) and holding account (or null). */
record IbkrOption(long conid, OptionContract contract, long underlyingConid, String account) {}
