package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The live heap read from jcmd GC.heap_info, as each collector prints it (outputs of JDK 17). */
class TaskManagerMemoryTest {

    @Test
    void g1PrintsOneSummary() {
        String info = """
                12345:
                 garbage-first heap   total 524288K, used 81234K [0x00000000e0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 37291K, committed 37760K, reserved 278528K
                  class space    used 5223K, committed 5440K, reserved 212992K
                """;
        assertThat(TaskManagerMemory.usedBytes(info)).isEqualTo(81_234L * 1024);
    }

    @Test
    void parallelGcPrintsEachGenerationWhichAreSummed() {
        String info = """
                18695:
                 PSYoungGen      total 153088K, used 1770K [0x00000000f5580000, 0x0000000100000000)
                  eden space 131584K, 1% used [0x00000000f5580000,0x00000000f573abd8,0x00000000fd600000)
                  from space 21504K, 0% used [0x00000000fd600000,0x00000000fd600000,0x00000000feb00000)
                  to   space 21504K, 0% used [0x00000000feb00000,0x00000000feb00000,0x0000000100000000)
                 ParOldGen       total 349696K, used 19386K [0x00000000e0000000, 0x00000000f5580000)
                  object space 349696K, 5% used [0x00000000e0000000,0x00000000e12eeac8,0x00000000f5580000)
                 Metaspace       used 37291K, committed 37760K, reserved 278528K
                  class space    used 5223K, committed 5440K, reserved 212992K
                """;
        assertThat(TaskManagerMemory.usedBytes(info)).isEqualTo((1_770L + 19_386L) * 1024);
    }

    @Test
    void anOutputWithoutAHeapIsAnError() {
        assertThatThrownBy(() -> TaskManagerMemory.usedBytes("18695:\n Metaspace used 37291K, committed 37760K\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no heap summary");
    }
}
