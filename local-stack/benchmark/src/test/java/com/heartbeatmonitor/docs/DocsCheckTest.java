package com.heartbeatmonitor.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.heartbeatmonitor.admin.AdminCommand;
import com.heartbeatmonitor.benchmark.Benchmark;
import com.heartbeatmonitor.generator.GeneratorCommand;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.local.JobSubmitter;
import com.heartbeatmonitor.local.LocalPipeline;
import com.heartbeatmonitor.local.Soak;
import com.heartbeatmonitor.migrate.Migrate;
import com.heartbeatmonitor.notifier.NotifierMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The documentation cannot drift from the code unnoticed: every relative link and anchor of README.md, the
 * pages under docs/, CONTRIBUTING.md and CHANGELOG.md resolves; every {@code --flag} they name is a flag of
 * one of the project's commands (or of a third-party tool on the short list below); and every figure the
 * detection page quotes from the evaluation equals the evaluation's last output.
 *
 * <p>In this module because it is the one that sees every command, the benchmark's included; and because
 * Maven builds it after local-stack, whose {@code DetectionEvaluationTest} writes that output first.
 */
class DocsCheckTest {

    /** Tests run in local-stack/benchmark. */
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

    private static final Path EVALUATION = ROOT.resolve("local-stack/target/detection-evaluation.md");
    private static final Path DETECTION_PAGE = ROOT.resolve("docs/concepts/detection.md");

    /** Flags of tools that are not ours, which the docs name in their commands; each with where it is from. */
    private static final Map<String, String> THIRD_PARTY_FLAGS = Map.of(
            "--from-literal", "kubectl create secret generic",
            "--for", "kubectl wait --for=condition=complete",
            "--timeout", "kubectl wait --timeout=15m",
            "--profile", "docker compose --profile notify",
            "--producer.config", "Kafka's kafka-console-producer",
            "--config.file", "prometheus",
            "--storage.tsdb.path", "prometheus",
            "--web.listen-address", "prometheus");

    /** A long flag: {@code --name} or {@code --dotted.name}, not part of a word (a sentence's full stop is not). */
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)*");

    /** {@code runbook: path#anchor} in the Prometheus alert rules: links into the docs too. */
    private static final Pattern RUNBOOK = Pattern.compile("runbook:\\s*(\\S+)");

    private static final Path JOB =
            ROOT.resolve("flink-job/src/main/java/com/heartbeatmonitor/job/HeartbeatMonitorJob.java");
    private static final Path PIPELINE_PAGE = ROOT.resolve("docs/concepts/pipeline.md");
    private static final Pattern UID = Pattern.compile("\\.uid\\(\"([a-z-]+)\"\\)");
    /** The pipeline page's list of uids: a sentence of code spans. */
    private static final Pattern UID_LIST = Pattern.compile("Every operator has a stable `uid`: ([^.]*)\\.");

    private static final Pattern CODE_SPAN = Pattern.compile("`([a-z-]+)`");

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (Markdown.Link link : markdown(page).links()) {
                String problem = resolve(page, link.target());
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ":" + link.line() + ": " + link.target() + ": " + problem);
                }
            }
        }
        for (Path rules : files(ROOT.resolve("monitoring/prometheus"), ".yml")) {
            Matcher m = RUNBOOK.matcher(read(rules));
            while (m.find()) {
                String problem = resolve(ROOT.resolve("README.md"), m.group(1));
                if (problem != null) {
                    broken.add(ROOT.relativize(rules) + ": runbook " + m.group(1) + ": " + problem);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyFlagTheDocsNameIsAFlagOfOneOfTheCommands() {
        Set<String> known = new TreeSet<>(THIRD_PARTY_FLAGS.keySet());
        for (Object command : List.of(
                new JobOptions(),
                new GeneratorCommand(),
                new AdminCommand(),
                new LocalPipeline(),
                new Soak(),
                new NotifierMain(),
                new JobSubmitter(),
                new Migrate())) {
            addFlags(new CommandLine(command), known);
        }
        addFlags(Benchmark.commandLine(), known); // with every scenario's options
        List<String> unknown = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = read(page).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = FLAG.matcher(lines.get(i));
                while (m.find()) {
                    if (!known.contains(m.group())) {
                        unknown.add(ROOT.relativize(page) + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(unknown)
                .as("flags the docs name that no command has (a renamed or removed flag?); tools that are not"
                        + " ours go in THIRD_PARTY_FLAGS")
                .isEmpty();
    }

    @Test
    void thePipelinePageListsEveryOperatorUidOfTheJob() {
        Matcher list = UID_LIST.matcher(read(PIPELINE_PAGE));
        assertThat(list.find())
                .as("the uid list of " + ROOT.relativize(PIPELINE_PAGE))
                .isTrue();
        // Savepoints restore by uid: an operator added or renamed is what an upgrade must know of.
        assertThat(all(CODE_SPAN, list.group(1)))
                .as("the uids " + ROOT.relativize(PIPELINE_PAGE) + " lists, against " + ROOT.relativize(JOB))
                .isEqualTo(all(UID, read(JOB)));
    }

    @Test
    void theDetectionPageQuotesTheEvaluationsLastOutput() {
        assertThat(EVALUATION)
                .as("the evaluation's output; mvn -B verify writes it before this test runs. Alone: mvn -B -pl"
                        + " local-stack/benchmark -am test -Dtest='DetectionEvaluationTest,DocsCheckTest'"
                        + " -Dsurefire.failIfNoSpecifiedTests=false")
                .exists();
        EvaluationFigures figures = new EvaluationFigures(read(EVALUATION));
        assertThat(figures.check(
                        read(DETECTION_PAGE), ROOT.relativize(DETECTION_PAGE).toString()))
                .as("figures of " + ROOT.relativize(DETECTION_PAGE) + " against " + ROOT.relativize(EVALUATION))
                .isEmpty();
    }

    @Test
    void theFiguresCheckFindsAChangedFigureAndAnUnmarkedTable() {
        String report = String.join(
                "\n",
                "Daily-life simulation, wearable profile (alerts per person-day: TACHYCARDIA 0.41, all 0.74)",
                "",
                "| alert type | alerts | precision |",
                "|---|---:|---:|",
                "| TACHYCARDIA | 132 | 1.000 |",
                "| SPIKE | 0 | NaN |",
                "",
                "Alerts matching no pathological episode: 0 in 325 person-days = 0.000 per person-day");
        EvaluationFigures figures = new EvaluationFigures(report);
        String quoted = String.join(
                "\n",
                "<!-- evaluation: wearable profile -->",
                "| alert type | alerts | precision |",
                "|---|---:|---:|",
                "| **TACHYCARDIA** | 132 | 1.000 |",
                "| SPIKE | 0 | NaN (off) |",
                "",
                "No alert matched nothing: **0 in 325 person-days**, 0.7 alerts a day in all.",
                "<!-- /evaluation -->");
        assertThat(figures.check(quoted, "page")).isEmpty();
        assertThat(figures.check(quoted.replace("| 132 |", "| 131 |"), "page"))
                .singleElement(STRING)
                .contains("| 131 |", "is not the row 'tachycardia | 132 | 1.000'");
        assertThat(figures.check(quoted.replace("325 person-days", "326 person-days"), "page"))
                .singleElement(STRING)
                .contains("326");
        assertThat(figures.check(quoted.replaceAll("<!--.*-->", ""), "page"))
                .anySatisfy(p -> assertThat(p).contains("not inside"))
                .anySatisfy(p -> assertThat(p).contains("marks no figure"));
        assertThat(figures.check("<!-- evaluation: clinical profile -->1<!-- /evaluation -->", "page"))
                .singleElement(STRING)
                .contains("no section");
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertThat(Markdown.slug("With Docker: `docker compose up -d`")).isEqualTo("with-docker-docker-compose-up--d");
        assertThat(Markdown.slug("Schema (`sql/`)")).isEqualTo("schema-sql");
        assertThat(Markdown.slug("Job: `heartbeat-monitor-job`")).isEqualTo("job-heartbeat-monitor-job");
        assertThat(Markdown.slug("See [the guide](x.md) now")).isEqualTo("see-the-guide-now");
        assertThat(new Markdown("# A\n\n```\n# not a heading\n```\n## A\n").anchors())
                .containsExactly("a", "a-1");
    }

    /**
     * What is wrong with a link on {@code from} (relative to its folder; a bare {@code #anchor} into it), or null
     * when it resolves.
     */
    private static String resolve(Path from, String target) {
        if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: ...: not ours to check offline
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT)) {
            return "outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file " + ROOT.relativize(file);
        }
        if (anchor == null) {
            return null;
        }
        if (!file.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        return markdown(file).anchors().contains(anchor)
                ? null
                : "no heading makes the anchor #" + anchor + " in " + ROOT.relativize(file);
    }

    private static void addFlags(CommandLine command, Set<String> flags) {
        command.getCommandSpec().options().forEach(o -> flags.addAll(List.of(o.names())));
        command.getSubcommands().values().forEach(sub -> addFlags(sub, flags));
    }

    /** README.md, CONTRIBUTING.md, CHANGELOG.md and every page under docs/. */
    private static List<Path> pages() {
        List<Path> pages = new ArrayList<>();
        for (String top : List.of("README.md", "CONTRIBUTING.md", "CHANGELOG.md")) {
            if (Files.exists(ROOT.resolve(top))) {
                pages.add(ROOT.resolve(top));
            }
        }
        pages.addAll(files(ROOT.resolve("docs"), ".md"));
        assertThat(pages).as("pages to check").hasSizeGreaterThan(10);
        return pages;
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Markdown markdown(Path page) {
        return new Markdown(read(page));
    }

    /** The first group of every match of {@code pattern} in {@code text}. */
    private static Set<String> all(Pattern pattern, String text) {
        return pattern.matcher(text)
                .results()
                .map(match -> match.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
