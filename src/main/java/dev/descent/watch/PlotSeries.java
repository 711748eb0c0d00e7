package dev.descent.watch;

import dev.descent.history.CurvePoint;

import java.util.List;

/** One line of a plot: its legend label and its points in x order. */
public record PlotSeries(String label, List<CurvePoint> points) {
}
