package com.heartbeatmonitor.docs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the figures a page quotes from the detection evaluation with the evaluation's last output
 * ({@code local-stack/target/detection-evaluation.md}, written by {@code DetectionEvaluationTest}).
 *
 * <p>A page marks what it quotes: {@code <!-- evaluation: KEY -->} ... {@code <!-- /evaluation -->}, on lines of
 * their own or inline. KEY names a section of the output (a substring of the title line over one of its
 * tables, e.g. {@code wearable profile}); without it the whole output counts. Inside a block, a table row whose
 * first cell names a row of the output (e.g. {@code BRADYCARDIA}) must equal that row cell by cell; any other
 * number must be one the section prints, or that number rounded to the digits the page gives ({@code 13.9 M} for
 * 13,940,803). In cells and first cells a parenthesis after the value is commentary: {@code NaN (off)} quotes
 * {@code NaN}. Figures from other runs stay outside blocks and the page says which run they come from; a table
 * with the header of one of the output's tables must be inside a block, so a copied table cannot escape the check.
 */
final class EvaluationFigures {

    private static final Pattern BLOCK =
            Pattern.compile("<!--\\s*evaluation(?::\\s*(.*?))?\\s*-->(.*?)<!--\\s*/evaluation\\s*-->", Pattern.DOTALL);
    /** A number: digits with optional thousands separators and decimals, not part of a word like p90 or E4. */
    private static final Pattern NUMBER =
            Pattern.compile("(?<![\\p{L}\\d.,_-])(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?(\\s?M\\b)?(?![\\p{L}\\d])");

    private final List<String> report;

    EvaluationFigures(String report) {
        this.report = report.lines().toList();
    }

    /** Every difference between the page's quoted figures and the output, as a line naming where. */
    List<String> check(String page, String pageName) {
        List<String> problems = new ArrayList<>();
        Matcher block = BLOCK.matcher(page);
        int blocks = 0;
        StringBuilder outside = new StringBuilder();
        int last = 0;
        while (block.find()) {
            blocks++;
            outside.append(page, last, block.start());
            last = block.end();
            String key = block.group(1) == null ? "" : block.group(1).trim();
            List<String> section = section(key);
            int line = page.substring(0, block.start()).split("\n", -1).length;
            if (section.isEmpty()) {
                problems.add(pageName + ":" + line + ": no section of the evaluation's output is titled '" + key + "'");
                continue;
            }
            compare(block.group(2).split("\n"), section, pageName + ":" + line, problems);
        }
        outside.append(page.substring(last));
        for (String line : outside.toString().split("\n")) {
            List<String> cells = Markdown.cells(line);
            if (!cells.isEmpty() && isReportHeader(cells)) {
                problems.add(pageName + ": the table headed '" + line.trim() + "' has the evaluation's columns but "
                        + "is not inside <!-- evaluation: ... --> ... <!-- /evaluation -->, so nothing compares it");
            }
        }
        if (blocks == 0) {
            problems.add(pageName + " marks no figure as quoted from the evaluation (<!-- evaluation: KEY --> ... "
                    + "<!-- /evaluation -->): nothing would be compared");
        }
        return problems;
    }

    /**
     * Compares a block's lines: rows of a table with the header of one of the section's tables row by row with
     * that table, everything else number by number.
     */
    private static void compare(String[] quoted, List<String> section, String where, List<String> problems) {
        List<List<String>> table = null;
        for (int i = 0; i < quoted.length; i++) {
            List<String> cells = Markdown.cells(quoted[i]);
            if (cells.isEmpty()) {
                table = null;
                numbers(quoted[i], section, where, problems);
            } else if (i + 1 < quoted.length && Markdown.isDelimiter(Markdown.cells(quoted[i + 1]))) {
                table = table(values(cells), section);
                if (table == null) {
                    numbers(quoted[i], section, where, problems);
                }
            } else if (Markdown.isDelimiter(cells)) {
                continue;
            } else if (table == null) {
                numbers(quoted[i], section, where, problems);
            } else {
                List<String> row = table.stream()
                        .filter(r -> r.get(0).equals(value(cells.get(0))))
                        .findFirst()
                        .orElse(null);
                if (!values(cells).equals(row)) {
                    problems.add(where + ": '" + quoted[i].trim() + "' is not the row "
                            + (row == null ? "of that name" : "'" + String.join(" | ", row) + "'")
                            + " of the evaluation's table with this header (section: " + section.get(0) + ")");
                }
            }
        }
    }

    /** The rows (as values) of the section's table whose header is {@code header}; null when there is none. */
    private static List<List<String>> table(List<String> header, List<String> section) {
        for (int i = 0; i + 1 < section.size(); i++) {
            if (values(Markdown.cells(section.get(i))).equals(header)
                    && Markdown.isDelimiter(Markdown.cells(section.get(i + 1)))) {
                List<List<String>> rows = new ArrayList<>();
                for (int r = i + 2;
                        r < section.size() && !Markdown.cells(section.get(r)).isEmpty();
                        r++) {
                    rows.add(values(Markdown.cells(section.get(r))));
                }
                return rows;
            }
        }
        return null;
    }

    private static List<String> values(List<String> cells) {
        return cells.stream().map(EvaluationFigures::value).toList();
    }

    /** Every number of a quoted line must be one the section prints. */
    private static void numbers(String quoted, List<String> section, String where, List<String> problems) {
        List<BigDecimal> printed = numbers(String.join("\n", section));
        Matcher m = NUMBER.matcher(quoted);
        while (m.find()) {
            if (!printed(m, printed)) {
                problems.add(where + ": " + m.group().trim() + " in '" + quoted.trim()
                        + "' is not a figure of the evaluation's output (section: " + section.get(0) + ")");
            }
        }
    }

    /** The report's lines from the title that contains {@code key} to the next title; all of it without a key. */
    List<String> section(String key) {
        if (key.isEmpty()) {
            return report;
        }
        for (int i = 0; i < report.size(); i++) {
            if (isTitle(i) && report.get(i).contains(key)) {
                int end = i + 1;
                while (end < report.size() && !isTitle(end)) {
                    end++;
                }
                return report.subList(i, end);
            }
        }
        return List.of();
    }

    /** A line of text followed, after blank lines, by a table: the title of a section. */
    private boolean isTitle(int i) {
        if (report.get(i).isBlank() || !Markdown.cells(report.get(i)).isEmpty()) {
            return false;
        }
        int next = i + 1;
        while (next < report.size() && report.get(next).isBlank()) {
            next++;
        }
        return next < report.size() && !Markdown.cells(report.get(next)).isEmpty();
    }

    private boolean isReportHeader(List<String> cells) {
        return table(values(cells), report) != null;
    }

    /** A cell as a figure: without emphasis or code marks, and without a parenthesis of commentary after it. */
    static String value(String cell) {
        String value = cell.replace("**", "").replace("`", "").trim();
        int comment = value.indexOf(" (");
        return (comment > 0 ? value.substring(0, comment) : value).trim().toLowerCase(Locale.ROOT);
    }

    private static List<BigDecimal> numbers(String text) {
        List<BigDecimal> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            numbers.add(number(m));
        }
        return numbers;
    }

    private static BigDecimal number(Matcher m) {
        return new BigDecimal(m.group(1).replace(",", "") + (m.group(2) == null ? "" : m.group(2)));
    }

    /** Whether the page's number is one of the printed ones, as printed or rounded to the page's digits. */
    private static boolean printed(Matcher page, List<BigDecimal> printed) {
        BigDecimal value = number(page);
        boolean millions = page.group(3) != null;
        for (BigDecimal p : printed) {
            BigDecimal candidate = millions ? p.movePointLeft(6) : p;
            if (candidate.compareTo(value) == 0
                    || candidate.setScale(value.scale(), RoundingMode.HALF_UP).compareTo(value) == 0
                    || candidate.setScale(value.scale(), RoundingMode.HALF_EVEN).compareTo(value) == 0) {
                return true;
            }
        }
        return false;
    }
}
