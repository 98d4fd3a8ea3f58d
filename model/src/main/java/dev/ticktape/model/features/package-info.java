/** The catalog of intraday feature definitions shared by the topology and the stores. */
package dev.ticktape.model.features;
