import { describe, expect, it } from 'vitest';
import { placeRingLabels, labelWidth, RING_LABEL_PX } from '../../../src/model/ring-labels.ts';
import { previewModel } from '../../../src/model/preview.ts';

function boxes(labels: ReturnType<typeof placeRingLabels>) {
  return labels.filter((l) => l.at).map((l) => ({ x0: l.at!.x, x1: l.at!.x + labelWidth(l.label), y0: l.at!.y - RING_LABEL_PX, y1: l.at!.y }));
}

describe('resolution ring labels', () => {
  it('never overlap, and the outer rings keep theirs', () => {
    // Rings of a PILATUS-like 1024-px view at 1 Å: 20, 10, 6 and 4 Å crowd near the centre.
    const technical = { wavelength_angstrom: 1.0332, distance_mm: 200, pixel_size_x_mm: 0.8, beam_centre_x_px: 259.5, beam_centre_y_px: 249.75, width_px: 512, height_px: 512 };
    const model = previewModel({ src: 't', width: 256, height: 256 }, { src: 'v', width: 1024, height: 1024 }, technical, 'T', 'f.cbf');
    expect(model.rings.length).toBeGreaterThan(5);
    const placed = boxes(model.rings);
    expect(placed.length).toBeGreaterThan(2);
    expect(placed.length).toBeLessThan(model.rings.length);
    for (const [i, a] of placed.entries()) {
      for (const b of placed.slice(i + 1)) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
      expect(a.x0).toBeGreaterThanOrEqual(0);
      expect(a.x1).toBeLessThanOrEqual(1024);
      expect(a.y0).toBeGreaterThanOrEqual(0);
    }
  });

  it('labels every ring when they are far apart', () => {
    const labels = placeRingLabels([{ radius: 100, label: '4 Å' }, { radius: 250, label: '3 Å' }], { x: 500, y: 500 }, { width: 1000, height: 1000 });
    expect(labels.every((l) => l.at)).toBe(true);
  });
});
