package com.heartbeatmonitor.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageFloorTest {

    private static final String HEADER = "GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,"
            + "BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,COMPLEXITY_MISSED,COMPLEXITY_COVERED,"
            + "METHOD_MISSED,METHOD_COVERED";

    private static final List<String> REPORT = List.of(
            HEADER,
            "flink-job,com.heartbeatmonitor.job,A,10,90,2,8,5,45,1,9,0,5",
            "flink-job,com.heartbeatmonitor.job,B,0,10,0,0,0,10,0,1,0,1",
            // The group as an aggregate report writes it: the reporting project's name, quoted for its comma.
            "\"coverage (all, and its floor)/notifier\",com.heartbeatmonitor.notifier,C,40,60,4,4,20,20,2,2,1,1");

    @Test
    void sumsLinesAndBranchesPerModule() {
        Map<String, CoverageFloor.Counts> modules = CoverageFloor.byModule(REPORT);
        assertThat(modules)
                .containsEntry("flink-job", new CoverageFloor.Counts(5, 55, 2, 8))
                .containsEntry("notifier", new CoverageFloor.Counts(20, 20, 4, 4));
        assertThat(CoverageFloor.table(modules))
                .contains("flink-job")
                .contains("91.7% of      60 lines")
                .contains("all")
                .contains("75.0% of     100 lines");
    }

    @Test
    void failsBelowTheFloorAndPassesAtIt(@TempDir Path dir) throws Exception {
        Path csv = Files.write(dir.resolve("jacoco.csv"), REPORT);
        CoverageFloor.main(new String[] {csv.toString(), "0.75"});
        assertThatThrownBy(() -> CoverageFloor.main(new String[] {csv.toString(), "0.76"}))
                .hasMessageContaining("75.0%")
                .hasMessageContaining("below the floor of 76.0%");
    }

    @Test
    void aMissingReportFailsUnlessTestsWereSkipped(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("none.csv").toString();
        assertThatThrownBy(() -> CoverageFloor.main(new String[] {missing, "0.5", "false"}))
                .hasMessageContaining("no coverage report");
        CoverageFloor.main(new String[] {missing, "0.5", "true"});
    }

    @Test
    void refusesAFileThatIsNotAJacocoReport() {
        assertThatThrownBy(() -> CoverageFloor.byModule(List.of("a,b,c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header");
    }
}
