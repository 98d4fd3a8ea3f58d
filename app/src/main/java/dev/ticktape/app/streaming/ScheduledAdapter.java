package dev.ticktape.app.streaming;

import dev.ticktape.adapters.calendar.SessionScheduler;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.model.Status;

/** An adapter that runs only around the exchange's sessions: the scheduler starts and stops the real one. */
final class ScheduledAdapter implements VenueAdapter {
    private final String venue;
    private final SessionScheduler scheduler;

    ScheduledAdapter(String venue, SessionScheduler scheduler) {
        this.venue = venue;
        this.scheduler = scheduler;
    }

    @Override
    public String venue() {
        return venue;
    }

    @Override
    public void start() {
        scheduler.start();
    }

    @Override
    public Status.State state() {
        VenueAdapter a = scheduler.running();
        return a == null ? Status.State.DISCONNECTED : a.state();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
