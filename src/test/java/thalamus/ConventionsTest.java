package thalamus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Project rules that a reviewer should not have to check by hand. */
class ConventionsTest {
    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void migrations_are_numbered_from_one_without_gaps() throws IOException {
        var version = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            var numbers = files.map(f -> f.getFileName().toString())
                    .peek(name -> assertThat(name).matches(version))
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .sorted()
                    .toList();
            for (int i = 0; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).isEqualTo(i + 1);
            }
            // Readiness waits for this version, so it must name the newest migration.
            assertThat(thalamus.db.Database.SCHEMA_VERSION).isEqualTo(Integer.toString(numbers.getLast()));
        }
    }

    @Test
    void main_code_logs_instead_of_printing_and_reads_the_environment_only_in_config() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var source = Files.readString(file);
                assertThat(source).as(file.toString()).doesNotContain("System.out", "System.err", "printStackTrace");
                if (!file.getFileName().toString().equals("Main.java")) {
                    assertThat(source).as(file.toString()).doesNotContain("System.getenv");
                }
            }
        }
    }

    @Test
    void every_package_says_what_it_is_for() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (var dir : dirs.filter(Files::isDirectory).filter(d -> d.toString().contains("thalamus")).toList()) {
                assertThat(dir.resolve("package-info.java")).as(dir.toString()).exists();
            }
        }
    }
}
