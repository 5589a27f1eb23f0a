package dev.switchboard.itests;

import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * Writes the triggers' settings to the deploy folder and waits until the host has applied them <em>and kept them</em>.
 * FileInstall's write-back race (a known defect of the deploy folder, see the itests history) may empty the file
 * just after ConfigAdmin got it: the host then logs the settings, and half a second later the defaults. Each time
 * the last line the host logged with {@code prefix} lacks {@code expected}, the file is written again (at most three
 * times, said in the output).
 */
final class TriggerSettings {

    private TriggerSettings() {
    }

    static void apply(SwitchboardProcess host, String settings, String prefix, String expected) throws Exception {
        host.awaitConfiguration("dev.switchboard.triggers.cfg", settings, expected, Duration.ofSeconds(90));
        for (int attempt = 1; ; attempt++) {
            Thread.sleep(2000);
            if (last(host, prefix).contains(expected)) {
                return;
            }
            if (attempt == 3) {
                fail("the triggers settings did not stay applied: " + last(host, prefix));
            }
            System.out.println("[test] the triggers settings were reverted after being applied (FileInstall's "
                    + "write-back race): writing them again");
            Files.writeString(host.deploy().resolve("dev.switchboard.triggers.cfg"), settings);
            Await.until("the triggers settings applied again", Duration.ofSeconds(60), () -> last(host, prefix),
                    l -> l.contains(expected));
        }
    }

    private static String last(SwitchboardProcess host, String prefix) {
        List<String> lines = host.output();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(prefix)) {
                return lines.get(i);
            }
        }
        return "";
    }
}
