/**
 * pagefind excerpts are HTML with <mark> around matches. They are rebuilt as text nodes
 * and <mark> elements, never assigned as HTML, so nothing in indexed text can run.
 */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

export function excerptParts(excerpt: string): Array<{ text: string; marked: boolean }> {
  return excerpt
    .split(/(<mark>|<\/mark>)/)
    .reduce<{ parts: Array<{ text: string; marked: boolean }>; marked: boolean }>(
      (acc, piece) => {
        if (piece === '<mark>') acc.marked = true;
        else if (piece === '</mark>') acc.marked = false;
        else if (piece) acc.parts.push({ text: decodeEntities(piece.replace(/<[^>]*>/g, '')), marked: acc.marked });
        return acc;
      },
      { parts: [], marked: false },
    ).parts;
}

export function excerptNodes(excerpt: string): Node[] {
  return excerptParts(excerpt).map((p) => {
    if (!p.marked) return document.createTextNode(p.text);
    const mark = document.createElement('mark');
    mark.textContent = p.text;
    return mark;
  });
}
