package com.heartbeatmonitor.coverage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the line and branch coverage of every module from JaCoCo's aggregate CSV report (unit and integration
 * tests together) into the build log, and fails the build when the total line coverage is below the floor.
 * Usage: {@code CoverageFloor <jacoco.csv> <floor, e.g. 0.62> [skipTests]}.
 */
public final class CoverageFloor {

    /** Covered and missed counts of one module, or of all. */
    record Counts(long linesMissed, long linesCovered, long branchesMissed, long branchesCovered) {

        static final Counts NONE = new Counts(0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(
                    linesMissed + other.linesMissed,
                    linesCovered + other.linesCovered,
                    branchesMissed + other.branchesMissed,
                    branchesCovered + other.branchesCovered);
        }

        double lineRatio() {
            return ratio(linesCovered, linesMissed);
        }

        double branchRatio() {
            return ratio(branchesCovered, branchesMissed);
        }

        private static double ratio(long covered, long missed) {
            return covered + missed == 0 ? 0 : (double) covered / (covered + missed);
        }
    }

    private CoverageFloor() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CoverageFloor <jacoco.csv> <floor> [skipTests]");
        }
        Path report = Path.of(args[0]);
        double floor = Double.parseDouble(args[1]);
        boolean testsSkipped = args.length > 2 && Boolean.parseBoolean(args[2]);
        if (!Files.exists(report)) {
            if (testsSkipped) {
                System.out.println("Coverage: tests skipped, no report to check.");
                return;
            }
            throw new IllegalStateException("no coverage report at " + report + ": did the JaCoCo agent run?");
        }
        Map<String, Counts> modules = byModule(Files.readAllLines(report));
        System.out.println(table(modules));
        Counts total = modules.values().stream().reduce(Counts.NONE, Counts::plus);
        if (total.lineRatio() < floor) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "line coverage %.1f%% is below the floor of %.1f%% (coverage/pom.xml, coverage.line.floor):"
                            + " add tests for what the change added",
                    100 * total.lineRatio(),
                    100 * floor));
        }
        System.out.printf(Locale.ROOT, "Coverage floor %.1f%% of lines: met.%n", 100 * floor);
    }

    /**
     * Sums the report's class rows per module. Columns: GROUP, PACKAGE, CLASS, INSTRUCTION_MISSED,
     * INSTRUCTION_COVERED, BRANCH_MISSED, BRANCH_COVERED, LINE_MISSED, LINE_COVERED, ... (JaCoCo's CSV format).
     */
    static Map<String, Counts> byModule(List<String> csv) {
        if (csv.isEmpty() || !csv.get(0).startsWith("GROUP,PACKAGE,CLASS,")) {
            throw new IllegalArgumentException("not a JaCoCo CSV report: its header is missing");
        }
        Map<String, Counts> modules = new TreeMap<>();
        for (String line : csv.subList(1, csv.size())) {
            if (line.isBlank()) {
                continue;
            }
            // The group is "<reporting project's name>/<module>", quoted when the name holds a comma.
            String group;
            String rest;
            if (line.startsWith("\"")) {
                int close = line.indexOf('"', 1);
                group = line.substring(1, close);
                rest = line.substring(close + 2);
            } else {
                group = line.substring(0, line.indexOf(','));
                rest = line.substring(group.length() + 1);
            }
            String[] f = rest.split(",", -1); // PACKAGE, CLASS, INSTRUCTION_MISSED, ...
            Counts counts =
                    new Counts(Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[4]), Long.parseLong(f[5]));
            modules.merge(group.substring(group.lastIndexOf('/') + 1), counts, Counts::plus);
        }
        return modules;
    }

    static String table(Map<String, Counts> modules) {
        StringBuilder out = new StringBuilder("Coverage (unit and integration tests):\n");
        String row = "  %-24s %6.1f%% of %,7d lines  %6.1f%% of %,6d branches%n";
        Counts total = Counts.NONE;
        for (Map.Entry<String, Counts> module : modules.entrySet()) {
            Counts c = module.getValue();
            out.append(format(row, module.getKey(), c));
            total = total.plus(c);
        }
        out.append(format(row, "all", total));
        return out.toString();
    }

    private static String format(String row, String name, Counts c) {
        return String.format(
                Locale.ROOT,
                row,
                name,
                100 * c.lineRatio(),
                c.linesCovered() + c.linesMissed(),
                100 * c.branchRatio(),
                c.branchesCovered() + c.branchesMissed());
    }
}
