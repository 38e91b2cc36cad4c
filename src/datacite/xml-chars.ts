/**
 * Text an XML 1.0 document can carry. The Char production (XML 1.0 §2.2) excludes C0
 * controls other than tab, LF and CR, lone surrogates and U+FFFE/U+FFFF, even as character
 * references; C1 controls and DEL are allowed but discouraged, and are dropped too. Text is
 * cleaned at load (src/catalogue/text-input.ts); every XML writer still passes its text
 * through here, so no input path (config, file names, a future source) can make it malformed.
 * Pure and browser-safe.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

/** Text content or attribute value: XML-legal characters, markup escaped. */
export function escapeXml(text: string): string {
  return xmlChars(text).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
