package dev.descent.scoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Bounds of per-example scoring.
 *
 * @param maxInitializations runs one scoring may train and average
 * @param maxRunningPerUser  scorings one user may have running at once (admins too: each holds jobs and the
 *                           scoring thread's time)
 * @param pollInterval       how often a server looks for scorings whose runs have all finished
 */
@ConfigurationProperties("descent.scores")
public record ScoringProperties(@DefaultValue("10") int maxInitializations,
                                @DefaultValue("2") int maxRunningPerUser,
                                @DefaultValue("1s") Duration pollInterval) {
}
