/**
 * Fake venues for {@code --demo}, {@code --dry-run} and the adapter tests: each binds 127.0.0.1 and speaks its
 * venue's real wire protocol (WebSocket and REST) over a seeded simulated market, with faults a test can inject.
 * Depends only on the event model, so the production adapters never carry it.
 */
package dev.ticktape.venuesim;
