package orchlab.desktop.lesson;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * A Markdown table that fits the width it is given: its columns share the width the way a browser's automatic table
 * layout shares it, and the cells' text wraps.
 *
 * <p>Each column has a narrowest width (its longest word, plus the cell's padding) and a natural width (its longest
 * cell on one line); see {@link #share} for how the room is divided. The table is never wider than its parent gives
 * it, so a lesson never scrolls sideways: when even the narrowest widths do not fit, long words break.
 *
 * <p>Cells are {@link Region}s holding one {@link TextFlow} each (the flow's Text nodes are what is measured); rows
 * are laid out at the height of their tallest cell at the column widths.
 */
final class MarkdownTable extends Region {
    /** The narrowest a column of longer text is made while there is room (cell padding included), in pixels. */
    static final double PROSE_FLOOR = 150;

    private final Region[][] cells;
    private final int columns;
    private final Text measure = new Text();
    private double[] narrowest;
    private double[] natural;

    /** @param rows the cells, row by row; a short row is completed with empty cells by the caller */
    MarkdownTable(List<List<Region>> rows, int columns) {
        this.columns = columns;
        this.cells = new Region[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            cells[r] = rows.get(r).toArray(Region[]::new);
            for (Region cell : cells[r]) {
                getChildren().add(cell);
                cell.insetsProperty().addListener((o, a, b) -> invalidateWidths());
                for (Text text : texts(cell)) {
                    text.fontProperty().addListener((o, a, b) -> invalidateWidths());
                    text.textProperty().addListener((o, a, b) -> invalidateWidths());
                }
            }
        }
    }

    /** The cell at this row (0 = the header row) and column. */
    Region cell(int row, int column) {
        return cells[row][column];
    }

    int rowCount() {
        return cells.length;
    }

    int columnCount() {
        return columns;
    }

    private void invalidateWidths() {
        narrowest = null;
        natural = null;
        requestLayout();
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computeMinWidth(double height) {
        // a table can always be made narrower: its words break (a column never gets less than a few pixels)
        return horizontalInsets() + columns * 24;
    }

    @Override
    protected double computePrefWidth(double height) {
        measureColumns();
        double sum = 0;
        for (double w : natural) {
            sum += w;
        }
        return horizontalInsets() + sum;
    }

    @Override
    protected double computeMaxWidth(double height) {
        return computePrefWidth(height); // never wider than its text needs
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computePrefHeight(double width) {
        double[] widths = columnWidths(width < 0 ? -1 : width - horizontalInsets());
        double height = 0;
        for (Region[] row : cells) {
            height += rowHeight(row, widths);
        }
        Insets insets = getInsets();
        return snapSizeY(insets.getTop()) + height + snapSizeY(insets.getBottom());
    }

    @Override
    protected void layoutChildren() {
        Insets insets = getInsets();
        double[] widths = columnWidths(getWidth() - horizontalInsets());
        double y = snapPositionY(insets.getTop());
        for (Region[] row : cells) {
            double height = rowHeight(row, widths);
            double x = snapPositionX(insets.getLeft());
            for (int c = 0; c < row.length; c++) {
                row[c].resizeRelocate(x, y, widths[c], height);
                x += widths[c];
            }
            y += height;
        }
    }

    private double rowHeight(Region[] row, double[] widths) {
        double height = 0;
        for (int c = 0; c < row.length; c++) {
            height = Math.max(height, row[c].prefHeight(widths[c]));
        }
        return snapSizeY(height);
    }

    private double horizontalInsets() {
        Insets insets = getInsets();
        return snapSizeX(insets.getLeft()) + snapSizeX(insets.getRight());
    }

    /** How wide each column is when the columns share {@code room} pixels (negative: as much as they like). */
    double[] columnWidths(double room) {
        measureColumns();
        return share(narrowest, natural, room);
    }

    /**
     * How the columns share {@code room} pixels, given each column's narrowest width (its longest word) and natural
     * width (its longest cell on one line).
     *
     * <ol>
     *   <li>Room for every natural width: each column gets its natural width.</li>
     *   <li>Otherwise each column first gets its <em>floor</em>: its narrowest width, and for a column of longer text
     *       at least {@link #PROSE_FLOOR} (prose squeezed to a word a line is unreadable). What remains is shared in
     *       proportion to how much wider each column would like to be (CSS 2.1 automatic table layout).</li>
     *   <li>Less room than the floors: the columns with the smallest floors keep them, and the others share the rest
     *       equally (their long words break).</li>
     * </ol>
     */
    static double[] share(double[] narrowest, double[] natural, double room) {
        int n = natural.length;
        double[] floor = new double[n];
        double sumNatural = 0;
        double sumFloor = 0;
        for (int c = 0; c < n; c++) {
            floor[c] = Math.min(natural[c], Math.max(narrowest[c], PROSE_FLOOR));
            sumNatural += natural[c];
            sumFloor += floor[c];
        }
        double[] widths = new double[n];
        if (room < 0 || room >= sumNatural) {
            System.arraycopy(natural, 0, widths, 0, n);
        } else if (room >= sumFloor) {
            double extra = room - sumFloor;
            double wanted = sumNatural - sumFloor;
            for (int c = 0; c < n; c++) {
                widths[c] = floor[c] + (wanted <= 0 ? 0 : extra * (natural[c] - floor[c]) / wanted);
            }
        } else {
            double cap = capSharing(floor, room);
            for (int c = 0; c < n; c++) {
                widths[c] = Math.min(floor[c], cap);
            }
        }
        // whole pixels; what rounding down leaves goes to the widest column, so the columns fill the room exactly
        double left = room < 0 ? 0 : Math.min(room, sumNatural);
        int widest = 0;
        for (int c = 0; c < n; c++) {
            widths[c] = Math.floor(widths[c]);
            left -= widths[c];
            widest = widths[c] > widths[widest] ? c : widest;
        }
        if (n > 0 && left > 0) {
            widths[widest] += Math.floor(left);
        }
        return widths;
    }

    /** The width {@code cap} for which the floors, each cut to at most {@code cap}, add up to {@code room}. */
    private static double capSharing(double[] floor, double room) {
        double[] sorted = floor.clone();
        java.util.Arrays.sort(sorted);
        double used = 0;
        for (int k = 0; k < sorted.length; k++) {
            double cap = (room - used) / (sorted.length - k);
            if (cap <= sorted[k]) {
                return Math.max(0, cap);
            }
            used += sorted[k];
        }
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    private void measureColumns() {
        if (natural != null) {
            return;
        }
        double[] narrow = new double[columns];
        double[] wide = new double[columns];
        for (Region[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                Region cell = row[c];
                Insets insets = cell.getInsets();
                double padding = snapSizeX(insets.getLeft()) + snapSizeX(insets.getRight());
                narrow[c] = Math.max(narrow[c], padding + longestWord(cell));
                wide[c] = Math.max(wide[c], Math.ceil(cell.prefWidth(-1)));
            }
        }
        for (int c = 0; c < columns; c++) {
            narrow[c] = Math.ceil(narrow[c]);
            wide[c] = Math.max(wide[c], narrow[c]);
        }
        narrowest = narrow;
        natural = wide;
    }

    /** The widest unbreakable run of text in the cell, in its own font. */
    private double longestWord(Region cell) {
        double widest = 0;
        for (Text text : texts(cell)) {
            String s = text.getText();
            if (s == null || s.isEmpty()) {
                continue;
            }
            Font font = text.getFont();
            for (String word : s.split("[\\s\u200B]+")) {
                if (word.isEmpty()) {
                    continue;
                }
                measure.setFont(font);
                measure.setText(word);
                widest = Math.max(widest, measure.getLayoutBounds().getWidth());
            }
        }
        return widest;
    }

    private static List<Text> texts(Region cell) {
        List<Text> texts = new ArrayList<>();
        for (javafx.scene.Node child : cell.getChildrenUnmodifiable()) {
            if (child instanceof TextFlow flow) {
                for (javafx.scene.Node t : flow.getChildren()) {
                    if (t instanceof Text text) {
                        texts.add(text);
                    }
                }
            }
        }
        return texts;
    }
}
