/**
 * Numbers as readers write them, in every output (pages, diagnostics, `aperture inspect`):
 * grouped counts, positional decimals, never exponent form or "-0"; deterministic (no locale
 * of the build machine). Here, in the record core, so validation and the image readers can
 * write what they report as the pages do (model/format.ts re-exports them).
 */
const COUNT = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** "20,000"; Intl, not String(): a count from metadata can be 1e21, which String() writes in exponent form. A bigint is written exactly. */
export function formatCount(n: number | bigint): string {
  if (typeof n === 'bigint') return COUNT.format(n);
  return COUNT.format(Math.round(n) || 0); // `|| 0`: no "-0"
}

const DECIMALS = new Map<string, Intl.NumberFormat>();

/**
 * A measured number from metadata (a coordinate, a wavelength, a distance) as readers write
 * it: positional digits rounded to at most `maxDigits` decimals, trailing zeros dropped down
 * to `minDigits`, no grouping (a comma would read as a list separator in "1024.5, 1030.2 px").
 * Never exponent form, which String() and toFixed() give 1e-7 and 1e21, and never "-0".
 */
export function decimalText(value: number, maxDigits: number, minDigits = 0): string {
  const key = `${minDigits}-${maxDigits}`;
  let format = DECIMALS.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en', { useGrouping: false, minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits });
    DECIMALS.set(key, format);
  }
  // -1e-9 rounds to "-0": no sign on a zero.
  return format.format(value).replace(/^-(?=0(?:\.0*)?$)/, '');
}

/**
 * A number from input as it was written, for a diagnostic or `aperture inspect` to echo
 * back: every digit the value holds ("0.9763", "0.0000001", "1000000000000000000000"), which
 * String() would write as "1e-7" or "1e+21". Not a measurement to read; that is decimalText.
 */
export function numberText(value: number): string {
  // Beyond 100 decimals a double is 0 as far as anyone reads it.
  return Number.isFinite(value) ? decimalText(value, 100) : String(value);
}
