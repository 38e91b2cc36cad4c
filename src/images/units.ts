/**
 * Unit conversion into the units named by the TechnicalMetadata keys (Å, mm, s, deg,
 * pixels). An unknown unit string yields undefined so the caller reports it instead of
 * guessing; NXmx placeholders such as `NX_LENGTH` are unknown on purpose.
 */
export type Quantity = 'wavelength' | 'length' | 'time' | 'angle';

const FACTORS: Record<Quantity, Record<string, number>> = {
  // → angstrom
  wavelength: { angstrom: 1, angstroms: 1, a: 1, å: 1, ang: 1, nm: 10, nanometer: 10, nanometre: 10, m: 1e10, metre: 1e10, meter: 1e10, pm: 0.01, um: 1e4, 'µm': 1e4 },
  // → millimetre
  length: { m: 1000, metre: 1000, meter: 1000, meters: 1000, metres: 1000, mm: 1, millimetre: 1, millimeter: 1, cm: 10, um: 1e-3, 'µm': 1e-3, micron: 1e-3, microns: 1e-3, nm: 1e-6, angstrom: 1e-7 },
  // → second
  time: { s: 1, sec: 1, second: 1, seconds: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9 },
  // → degree
  angle: { deg: 1, 'deg.': 1, degree: 1, degrees: 1, rad: 180 / Math.PI, radian: 180 / Math.PI, radians: 180 / Math.PI, mrad: 0.18 / Math.PI },
};

export function convertUnit(value: number, unit: string | null | undefined, quantity: Quantity): number | undefined {
  if (unit === null || unit === undefined) return undefined;
  const factor = FACTORS[quantity][unit.trim().toLowerCase()];
  return factor === undefined ? undefined : value * factor;
}

/** Pixel units as NXmx writers spell them (`pixel`, `pixels`, `px`). */
export function isPixelUnit(unit: string | null | undefined): boolean {
  return unit !== null && unit !== undefined && /^(pixel|pixels|px)$/i.test(unit.trim());
}

/** Rounds away binary noise from unit factors (0.000172 m × 1000 = 0.17200000000000001). */
export function tidy(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}
