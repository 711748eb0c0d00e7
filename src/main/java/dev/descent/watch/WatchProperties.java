package dev.descent.watch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Live event streams: one shared poller reads the database every {@code pollInterval} for all open streams (a job
 * may train on another server sharing the database); within an epoch a stream gets at most one progress event per
 * {@code progressInterval}; a stream closes after {@code streamTimeout} (clients reconnect with Last-Event-ID); at
 * most {@code maxStreams} are open at once on this server, at most {@code maxStreamsPerUser} of them one non-admin
 * user's; at most {@code streamBufferEvents} events wait to be written to one client, and a stream whose buffer is
 * full and whose client has taken nothing from it for {@code streamStallTimeout} is closed.
 */
@ConfigurationProperties("descent.watch")
public record WatchProperties(@DefaultValue("300ms") Duration pollInterval,
                              @DefaultValue("1s") Duration progressInterval,
                              @DefaultValue("30m") Duration streamTimeout,
                              @DefaultValue("100") int maxStreams,
                              @DefaultValue("10") int maxStreamsPerUser,
                              @DefaultValue("500") int streamBufferEvents,
                              @DefaultValue("10s") Duration streamStallTimeout) {
}
