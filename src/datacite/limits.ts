/**
 * How much structure one metadata file may have, whatever its syntax: the JSON reader
 * (src/catalogue/json-text.ts) and the XML tree (xml-tree.ts) refuse more before anything
 * recursive runs, so a hostile file costs a diagnostic, not the build (docs/security.md).
 */

/** Deepest nesting of arrays/objects (JSON) or elements (XML) in a metadata file. */
export const MAX_DEPTH = 64;
/** Most items in one JSON array or children of one XML element (e.g. creators). */
export const MAX_ITEMS = 10_000;
