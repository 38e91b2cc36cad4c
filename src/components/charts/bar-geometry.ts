/**
 * Geometry of a horizontal bar chart, in plain TypeScript so it is testable without Astro.
 * Each row is a label line above its bar, so labels never collide with bars however long
 * they are, and the chart stays legible when the SVG is scaled down to a phone's width.
 */
import type { StatRow } from '../../model/statistics.ts';

export const CHART_WIDTH = 360;
const LABEL_LINE = 18;
const BAR_HEIGHT = 16;
const ROW_GAP = 10;
/** Room on the right of the longest bar for its value text. */
const VALUE_ROOM = 80;
const MAX_LABEL_CHARS = 46;

export interface BarShape {
  label: string;
  valueText: string;
  labelY: number;
  barY: number;
  barWidth: number;
  valueX: number;
  valueY: number;
}

export interface BarChartGeometry {
  width: number;
  height: number;
  barHeight: number;
  bars: BarShape[];
}

function shorten(label: string): string {
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label;
}

export function barChartGeometry(rows: StatRow[]): BarChartGeometry {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const span = CHART_WIDTH - VALUE_ROOM;
  const rowHeight = LABEL_LINE + BAR_HEIGHT + ROW_GAP;
  const bars = rows.map((row, i) => {
    const top = i * rowHeight;
    // A zero stays visible as a hairline so the reader sees the category exists.
    const barWidth = max > 0 ? Math.max(2, Math.round((row.value / max) * span)) : 2;
    return {
      label: shorten(row.label),
      valueText: row.valueText,
      labelY: top + 13,
      barY: top + LABEL_LINE,
      barWidth,
      valueX: barWidth + 6,
      valueY: top + LABEL_LINE + BAR_HEIGHT - 3,
    };
  });
  return { width: CHART_WIDTH, height: Math.max(rowHeight, rows.length * rowHeight - ROW_GAP), barHeight: BAR_HEIGHT, bars };
}
