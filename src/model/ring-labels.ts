/**
 * Where the viewer writes each resolution ring's label. Labels sit where the rings cross
 * the diagonal from the beam centre towards the image's roomiest corner; neighbouring rings
 * at low resolution are only a few pixels apart, so a label is kept only when its box
 * clears the previous one and lies inside the image. The circles are all drawn; only
 * labels are thinned.
 */
export interface RingLabel {
  radius: number;
  label: string;
  /** Text anchor (SVG x, y) in view pixels; null when the label would overlap or leave the image. */
  at: { x: number; y: number } | null;
}

/** Label font size in view pixels (matches `.viewer-image .rings text` in site.css). */
export const RING_LABEL_PX = 22;

/** Width of a label such as "2.5 Å" at RING_LABEL_PX (600-weight system-ui ≈ 0.62 em per character). */
export function labelWidth(label: string, fontPx = RING_LABEL_PX): number {
  return label.length * fontPx * 0.62;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

export function placeRingLabels(
  rings: Array<{ radius: number; label: string }>,
  centre: { x: number; y: number },
  view: { width: number; height: number },
  fontPx = RING_LABEL_PX,
): RingLabel[] {
  // Towards the corner farthest from the beam centre, so the most rings cross inside the image.
  const dx = centre.x <= view.width / 2 ? 1 : -1;
  const dy = centre.y <= view.height / 2 ? 1 : -1;
  const gap = fontPx * 0.25;
  const placed: Box[] = [];
  return [...rings]
    .sort((a, b) => a.radius - b.radius)
    .map((ring) => {
      const px = centre.x + dx * ring.radius * Math.SQRT1_2;
      const py = centre.y + dy * ring.radius * Math.SQRT1_2;
      const width = labelWidth(ring.label, fontPx);
      // Outside the ring: to the right/left of the crossing and below/above it.
      const x = dx > 0 ? px + gap : px - gap - width;
      const baseline = dy > 0 ? py + gap + fontPx * 0.8 : py - gap;
      const box: Box = { x0: x - gap, y0: baseline - fontPx * 0.8 - gap, x1: x + width + gap, y1: baseline + fontPx * 0.25 + gap };
      const inside = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= view.width && box.y1 <= view.height;
      if (!inside || placed.some((p) => overlaps(p, box))) return { ...ring, at: null };
      placed.push(box);
      return { ...ring, at: { x, y: baseline } };
    });
}
