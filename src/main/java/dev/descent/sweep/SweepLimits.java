package dev.descent.sweep;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Bounds on a sweep, checked before anything is queued (every trial's spec is validated then, so these also bound
 * that work), and how often a server carries its sweeps on.
 *
 * @param maxGridSize     points a grid (or an asha sweep over a grid) may have
 * @param maxTrials       trials one sweep may plan (configurations × seeds)
 * @param advanceInterval how often each server queues the next trials of the running sweeps and makes asha's
 *                        decisions
 */
@ConfigurationProperties("descent.sweeps")
public record SweepLimits(
        @DefaultValue("1000") int maxGridSize,
        @DefaultValue("1000") int maxTrials,
        @DefaultValue("1s") Duration advanceInterval) {
}
