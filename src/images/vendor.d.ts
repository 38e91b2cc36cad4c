// h5wasm-plugins ships plain ESM without types; only the call Aperture uses is declared.
declare module 'h5wasm-plugins' {
  export function install_local_plugins(module: unknown): void;
}
