package com.heartbeatmonitor.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the docs check reads of a Markdown page: its links, the anchors its headings make, its tables. */
final class Markdown {

    /** {@code [text](target)} and {@code ![alt](target)}; the target without spaces or a title. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    private final List<String> lines;

    Markdown(String text) {
        this.lines = text.lines().toList();
    }

    /** The page's lines with fenced code blocks blanked out (their lines kept, so line numbers stay). */
    List<String> prose() {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                out.add("");
            } else {
                out.add(fenced ? "" : line);
            }
        }
        return out;
    }

    /** Every link target outside code, with its line number (1-based). */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        List<String> prose = prose();
        for (int i = 0; i < prose.size(); i++) {
            Matcher m = LINK.matcher(INLINE_CODE.matcher(prose.get(i)).replaceAll(""));
            while (m.find()) {
                links.add(new Link(i + 1, m.group(1)));
            }
        }
        return links;
    }

    record Link(int line, String target) {}

    /** The anchors GitHub makes of the headings: slugs, a repeated one numbered -1, -2, ... */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose()) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: the rendered text (link text, not its target; no emphasis or code marks) in
     * lower case, without anything but letters, digits, spaces, hyphens and underscores, spaces as hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                .replace(' ', '-');
    }

    /** The cells of a table row ({@code | a | b |}), trimmed; empty when the line is no table row. */
    static List<String> cells(String line) {
        String row = line.trim();
        if (!row.startsWith("|") || !row.endsWith("|") || row.length() < 2) {
            return List.of();
        }
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.length() - 1).split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    /** A table's delimiter row, {@code |---|---:|}. */
    static boolean isDelimiter(List<String> cells) {
        return !cells.isEmpty() && cells.stream().allMatch(c -> c.matches(":?-+:?"));
    }
}
