package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The poll's rules: nothing but a VM error escapes, and a failure is told once until a poll succeeds. */
class ReloaderTest {

    @Test
    void pollWhenTheSameFailureRepeatsThenToldOnceAndAgainAfterASuccess() {
        AtomicReference<RuntimeException> next = new AtomicReference<>(new IllegalStateException("disk"));
        List<String> told = new ArrayList<>();
        Reloader r = new Reloader(() -> {
            RuntimeException e = next.get();
            if (e != null) {
                throw e;
            }
        }, t -> told.add(t.getMessage()));

        r.poll();
        r.poll();
        assertThat(told).containsExactly("disk");

        next.set(new IllegalStateException("other"));
        r.poll();
        assertThat(told).containsExactly("disk", "other");

        next.set(null);
        r.poll();
        next.set(new IllegalStateException("other"));
        r.poll();
        assertThat(told).as("told again after a poll that did not fail").containsExactly("disk", "other", "other");
    }

    @Test
    void pollWhenAnErrorThatIsNotAVmErrorThenKeptInside() {
        List<Throwable> told = new ArrayList<>();
        Reloader r = new Reloader(() -> {
            throw new NoClassDefFoundError("org/example/Gone");
        }, told::add);
        r.poll();
        assertThat(told).singleElement().isInstanceOf(NoClassDefFoundError.class);
    }

    @Test
    void pollWhenVirtualMachineErrorThenPassedOn() {
        List<Throwable> told = new ArrayList<>();
        Reloader r = new Reloader(() -> {
            throw new OutOfMemoryError("test");
        }, told::add);
        assertThatThrownBy(r::poll).isInstanceOf(OutOfMemoryError.class);
        assertThat(told).isEmpty();
    }
}
