package dev.descent.watch;

import dev.descent.error.TooManyStreamsException;
import dev.descent.security.Caller;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamSlotsTest {

    private static final Caller ALICE = new Caller("alice", false);
    private static final Caller BOB = new Caller("bob", false);
    private static final Caller ADMIN = new Caller("admin", true);

    @Test
    void aUserHoldsTheirShareAndAdminsOnlyTheServersLimit() {
        StreamSlots slots = new StreamSlots(5, 2);
        slots.take(ALICE);
        slots.take(ALICE);
        assertThatThrownBy(() -> slots.take(ALICE)).isInstanceOfSatisfying(TooManyStreamsException.class,
                e -> assertThat(e.userShare()).isTrue());
        slots.take(BOB);
        slots.take(ADMIN);
        slots.take(ADMIN);
        assertThatThrownBy(() -> slots.take(ADMIN)).isInstanceOfSatisfying(TooManyStreamsException.class,
                e -> assertThat(e.userShare()).isFalse());

        slots.giveBack(ALICE);
        slots.take(ALICE);
        slots.giveBack(ADMIN);
        assertThatThrownBy(() -> slots.take(ALICE)).isInstanceOf(TooManyStreamsException.class);
    }

    @Test
    void concurrentTakersGetExactlyTheSlots() throws Exception {
        StreamSlots slots = new StreamSlots(40, 40);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> taken = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Caller caller = new Caller("user" + i % 4, false);
                taken.add(pool.submit(() -> {
                    start.await();
                    try {
                        slots.take(caller);
                        return true;
                    } catch (TooManyStreamsException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> t : taken) {
                granted += t.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
    }
}
