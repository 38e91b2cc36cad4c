/** Cutting text that is shown in part (a title in page chrome or a citation, a summary), never inside a character. */

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never half a character: a high surrogate whose pair falls past the cut goes too.
  const cut = text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '');
  const space = cut.lastIndexOf(' ');
  // One long word (a URL, a formula) is cut inside rather than leaving almost nothing.
  return (space > max * 0.6 ? cut.slice(0, space).replace(/[\s,;:–-]+$/, '') : cut) + '…';
}
