/**
 * The Content-Security-Policy every page runs under (conventions.md C2). Pagefind needs
 * 'wasm-unsafe-eval' and connect-src 'self'; nothing inline is ever allowed.
 * `frame-ancestors` only works as a header, so the <meta> copy leaves it out (browsers
 * log an error for it otherwise).
 */
export interface CspOptions {
  forMeta?: boolean;
  /** Origin of the object store, when browser code fetches from it (ZIP of a selection). */
  storageOrigin?: string | null;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.storageOrigin ? [options.storageOrigin] : [])].join(' ');
  const directives = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ];
  if (!options.forMeta) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}
