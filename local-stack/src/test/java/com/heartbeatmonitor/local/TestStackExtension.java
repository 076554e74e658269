package com.heartbeatmonitor.local;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Gives an integration test class a {@link TestStack} (broker and database) and a scratch folder. */
final class TestStackExtension implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private TestStack stack;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("heartbeat-it-");
        stack = TestStack.start(dir.resolve("kafka"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            FileUtils.deleteDirectory(dir.toFile());
        }
    }

    TestStack stack() {
        return stack;
    }

    Path dir() {
        return dir;
    }
}
