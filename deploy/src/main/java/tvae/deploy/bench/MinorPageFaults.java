package tvae.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's minor page faults so far (Linux {@code /proc/self/stat}), or -1 where that file is not readable. */
final class MinorPageFaults {
    /** minflt is field 10 of {@code /proc/PID/stat}; fields are counted from 3 after the command name, which may hold spaces. */
    private static final int MINFLT_FIELD = 10;
    private static final int FIRST_FIELD_AFTER_NAME = 3;

    private MinorPageFaults() {
    }

    static long ofThisProcess() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[MINFLT_FIELD - FIRST_FIELD_AFTER_NAME]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
