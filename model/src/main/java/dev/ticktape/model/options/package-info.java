/**
 * Broker-independent option identity: every broker adapter maps its own contract description (tastytrade
 * streamer symbol, IBKR position fields) to the same {@link dev.ticktape.model.OptionContract} through
 * {@link dev.ticktape.model.options.OccSymbol}, so Greeks of one option line up across brokers.
 */
package dev.ticktape.model.options;
