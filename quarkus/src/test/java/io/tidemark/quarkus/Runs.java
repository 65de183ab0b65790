package io.tidemark.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Tidemark as a child JVM from the repo root, as a user would: the Quarkus app or the Camel Main jar. */
final class Runs {
    /** The repo root: routes/, config/ and setup.sql are read from here. */
    static final Path ROOT = Path.of(System.getProperty("test.root", "..")).toAbsolutePath().normalize();
    static final Path QUARKUS_JAR = Path.of(System.getProperty("test.quarkus.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    static final Path CORE_JAR = Path.of(System.getProperty("test.core.jar", ROOT.resolve("target/tidemark.jar").toString())).toAbsolutePath();
    static final Path WORK = Path.of(System.getProperty("test.work", "target/test-work")).toAbsolutePath();

    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }
    }

    private Runs() {
    }

    static Result quarkus(Map<String, String> env, List<String> systemProperties, String... args) throws Exception {
        return java(QUARKUS_JAR, env, systemProperties, args);
    }

    static Result camelMain(Map<String, String> env, String... args) throws Exception {
        return java(CORE_JAR, env, List.of(), args);
    }

    /** The Quarkus app started in the background; its output goes to {@code out} and {@code err}. */
    static Process startQuarkus(Map<String, String> env, Path out, Path err, String... args) throws IOException {
        return start(QUARKUS_JAR, env, List.of(), out, err, args);
    }

    /** The Camel Main jar started in the background; its output goes to {@code out} and {@code err}. */
    static Process startCamelMain(Map<String, String> env, Path out, Path err, String... args) throws IOException {
        return start(CORE_JAR, env, List.of(), out, err, args);
    }

    private static Result java(Path jar, Map<String, String> env, List<String> systemProperties, String... args) throws Exception {
        Files.createDirectories(WORK);
        Path out = Files.createTempFile(WORK, "stdout", ".txt");
        Path err = Files.createTempFile(WORK, "stderr", ".txt");
        Process process = start(jar, env, systemProperties, out, err, args);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + jar + " " + List.of(args) + "\n" + read(err));
        }
        return new Result(process.exitValue(), read(out), read(err));
    }

    private static Process start(Path jar, Map<String, String> env, List<String> systemProperties, Path out, Path err,
                                 String... args) throws IOException {
        assertThat(jar).as("build it first (mvn package)").isRegularFile();
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // only what the test sets: no TIDEMARK_* from the machine running the build
        builder.environment().keySet().removeIf(name -> name.startsWith("TIDEMARK_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
