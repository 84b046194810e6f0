package org.certmap.bench.http;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU samples go, from a JFR recording of {@link HttpServer} (for example
 * {@code HttpFigures --server-jvm -XX:StartFlightRecording=filename=/tmp/server.jfr,settings=profile}):
 * the share of execution samples, on threads whose name contains {@code thread} (default
 * {@code exec}: Tomcat's request threads), that are inside each method (inclusive, counted once per
 * sample) and at the top of the stack (self), and the share inside any {@code org.certmap} frame.
 * Usage: {@code JfrShares <file.jfr> [thread-substring] [top-n] [Class.method,... to break down by callee]}.
 */
public final class JfrShares {

    public static void main(String[] args) throws Exception {
        String threadPart = args.length > 1 ? args[1] : "exec";
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        List<String> focus = args.length > 3 ? List.of(args[3].split(",")) : List.of();
        Map<String, Map<String, Integer>> callees = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> allThreads = new HashMap<>();
        int samples = 0;
        int certmap = 0;
        int all = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            all++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            allThreads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
            if (thread == null || !thread.contains(threadPart)) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            if (!frames.isEmpty()) {
                self.merge(name(frames.get(0)), 1, Integer::sum);
            }
            for (String fm : focus) {
                // the callee of the outermost frame of fm (frames.get(0) is the top of the stack)
                for (int i = frames.size() - 1; i >= 0; i--) {
                    if (name(frames.get(i)).equals(fm)) {
                        String callee = i == 0 ? "(self)" : name(frames.get(i - 1));
                        callees.computeIfAbsent(fm, k -> new HashMap<>()).merge(callee, 1, Integer::sum);
                        break;
                    }
                }
            }
            Set<String> seen = new HashSet<>();
            boolean inCertmap = false;
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
                inCertmap |= n.startsWith("org.certmap.");
            }
            if (inCertmap) {
                certmap++;
            }
        }
        System.out.printf(Locale.ROOT, "execution samples: %d in all threads; %d on threads containing [%s]%n", all, samples,
                threadPart);
        print("samples per thread (digits folded)", allThreads, all, 15);
        System.out.printf(Locale.ROOT, "inside org.certmap (inclusive): %d = %.2f%%%n", certmap, 100.0 * certmap / samples);
        print("inclusive", inclusive, samples, top);
        print("self (top of stack)", self, samples, top);
        for (String fm : focus) {
            print("callees of " + fm + " (share of all samples)", callees.getOrDefault(fm, Map.of()), samples, top);
        }
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> m, int total, int top) {
        System.out.println("-- " + title);
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top).forEach(en -> System.out
                .printf(Locale.ROOT, "%6.2f%% %6d  %s%n", 100.0 * en.getValue() / total, en.getValue(), en.getKey()));
    }
}
