package dev.ticktape.app.plot;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * A rendered chart and where its panels ended up, so a caller can map a bar time to a pixel column.
 *
 * @param image        the image, {@code width x height}, RGB
 * @param exposureArea the data area of the target exposure panel, in image pixels
 * @param deltaArea    the data area of the delta exposure panel
 * @param pnlArea      the data area of the PnL panel
 * @param domainLower  the time axis' lower bound, epoch ms
 * @param domainUpper  the time axis' upper bound, epoch ms
 */
public record RenderedChart(
        BufferedImage image,
        Rectangle2D exposureArea,
        Rectangle2D deltaArea,
        Rectangle2D pnlArea,
        double domainLower,
        double domainUpper) {}
