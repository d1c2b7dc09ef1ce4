package io.aeredis.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ASCII sparklines (sparkline.c), what LATENCY GRAPH draws: each sample is one column, its
 * height quantised into {@code rows} rows of three levels each, with the sample's label
 * written vertically underneath.
 */
final class Sparkline {
    /** SPARKLINE_FILL: fill the column under the top character. */
    static final int FILL = 1;
    /** SPARKLINE_LOG_SCALE: heights on a log scale. */
    static final int LOG_SCALE = 2;

    private static final char[] CHARSET = {'_', '-', '`'};
    private static final char[] CHARSET_FILL = {'_', 'o', '#'};
    /** Blank rows between the graph and the labels. */
    private static final int LABEL_MARGIN_TOP = 1;

    private record Sample(double value, String label) {}

    private final List<Sample> samples = new ArrayList<>();
    private double min;
    private double max;
    private int labels;

    /** sparklineSequenceAddSample. */
    void addSample(double value, String label) {
        if (samples.isEmpty()) {
            min = max = value;
        } else {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        if (label != null) labels++;
        samples.add(new Sample(value, label));
    }

    int length() {
        return samples.size();
    }

    /** sparklineRender: the sequence in chunks of {@code columns}, a blank line between chunks. */
    void render(StringBuilder out, int columns, int rows, int flags) {
        for (int j = 0; j < samples.size(); j += columns) {
            int sublen = Math.min(samples.size() - j, columns);
            if (j != 0) out.append('\n');
            renderRange(out, rows, j, sublen, flags);
        }
    }

    /** sparklineRenderRange: row by row, top first, then the labels one character per row. */
    private void renderRange(StringBuilder out, int rows, int offset, int len, int flags) {
        boolean fill = (flags & FILL) != 0;
        boolean log = (flags & LOG_SCALE) != 0;
        double relmax = max - min;
        int steps = CHARSET.length * rows;
        if (log) relmax = Math.log(relmax + 1);
        else if (relmax == 0) relmax = 1;
        char[] chars = new char[len];
        int row = 0;
        boolean loop = true;
        while (loop) {
            loop = false;
            Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                Sample s = samples.get(j + offset);
                double relval = s.value - min;
                if (log) relval = Math.log(relval + 1);
                // C: "(int) (relval*steps)/relmax" casts before dividing.
                int step = (int) ((int) (relval * steps) / relmax);
                step = Math.max(0, Math.min(steps - 1, step));
                if (row < rows) {
                    int charidx = step - ((rows - row - 1) * CHARSET.length);
                    loop = true;
                    if (charidx >= 0 && charidx < CHARSET.length) {
                        chars[j] = fill ? CHARSET_FILL[charidx] : CHARSET[charidx];
                    } else if (fill && charidx >= CHARSET.length) {
                        chars[j] = '|';
                    }
                } else {
                    if (labels > 0 && row - rows < LABEL_MARGIN_TOP) {
                        loop = true;
                        break;
                    }
                    if (s.label != null) {
                        int labelChar = row - rows - LABEL_MARGIN_TOP;
                        if (s.label.length() > labelChar) {
                            loop = true;
                            chars[j] = s.label.charAt(labelChar);
                        }
                    }
                }
            }
            if (loop) {
                row++;
                out.append(chars).append('\n');
            }
        }
    }
}
