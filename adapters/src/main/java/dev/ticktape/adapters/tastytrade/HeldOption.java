package dev.ticktape.adapters.tastytrade;

import dev.ticktape.model.OptionContract;

/** An option to stream: its DXLink symbol, contract and the account holding it (null if named explicitly). */
record HeldOption(String streamerSymbol, OptionContract contract, String account) {}
