package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerWatchTest {

    @Test
    void theLastStartAndTheProductComeFromMessagesLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("messages.log");
        Files.writeString(log, """
                ********************************************************************************
                product = Open Liberty 26.0.0.3 (wlp-1.0.111.cl260320260309-1102)
                wlp.install.dir = /x/target/liberty/wlp/
                [12/6/26, 9:44:00:000 UTC] 00000027 AppMessageHelper A CWWKZ0001I: Application liliflora started in 17.740 seconds.
                [12/6/26, 9:44:01:000 UTC] 00000024 FeatureManager A CWWKF0011I: The liliflora server is ready to run a smarter planet. The liliflora server started in 27.512 seconds.
                """);
        ServerWatch.Start start = ServerWatch.lastStart(log);
        assertEquals("Open Liberty 26.0.0.3", start.product());
        assertEquals(17.74, start.applicationSeconds().orElseThrow(), 1e-9);
        assertEquals(27.512, start.serverSeconds().orElseThrow(), 1e-9);
    }
}
