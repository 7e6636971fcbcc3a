/**
 * Keeps only the character-like ink of a binarised MRZ band: connected components of character
 * size whose centres line up on the text rows and that sit next to other characters. Background
 * printing, noise specks and the page edge would otherwise be read as extra characters.
 */

interface Component {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
  pixels: number[];
}

function components(mask: Uint8Array, width: number, height: number): Component[] {
  const seen = new Uint8Array(mask.length);
  const out: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const c: Component = { x0: width, y0: height, x1: 0, y1: 0, area: 0, pixels: [] };
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      c.pixels.push(i);
      c.area++;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const j = yy * width + xx;
          if (mask[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    out.push(c);
  }
  return out;
}

/** Returns a new mask holding only the components that look like MRZ characters. */
export function cleanBand(mask: Uint8Array, width: number, height: number, lineHeight: number): Uint8Array {
  const h = lineHeight;
  // character-sized: '<' is the smallest MRZ glyph (about half the cap height); broken glyphs
  // of a blurred frame come in pieces, so small pieces are kept when they stand near the row
  const all = components(mask, width, height);
  const sized = all.filter((c) => {
    const ch = c.y1 - c.y0 + 1;
    const cw = c.x1 - c.x0 + 1;
    // glyphs merged by blur make wide components; a wide but flat one is a rule or an edge
    return ch <= 1.7 * h && c.area >= 0.01 * h * h && !(cw > 2.2 * h && ch < 0.3 * h);
  });
  // text rows: where the centres of full-size components cluster
  const votes = new Float64Array(height);
  for (const c of sized) {
    const ch = c.y1 - c.y0 + 1;
    if (ch < 0.4 * h) continue;
    const cy = Math.round((c.y0 + c.y1) / 2);
    votes[cy] = (votes[cy] ?? 0) + 1;
  }
  const window = Math.max(1, Math.round(0.2 * h));
  const density = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let s = 0;
    for (let k = Math.max(0, y - window); k <= Math.min(height - 1, y + window); k++) s += votes[k]!;
    density[y] = s;
  }
  const rows: number[] = [];
  let best = 0;
  for (const d of density) best = Math.max(best, d);
  for (let y = 0; y < height; y++) {
    const d = density[y]!;
    if (d < Math.max(4, best * 0.25)) continue;
    // a local maximum, at least a line apart from the previous row
    if ((y > 0 && density[y - 1]! > d) || (y < height - 1 && density[y + 1]! > d)) continue;
    if (rows.length > 0 && y - rows[rows.length - 1]! < 0.8 * h) {
      if (density[rows[rows.length - 1]!]! < d) rows[rows.length - 1] = y;
      continue;
    }
    rows.push(y);
  }
  if (rows.length === 0) return mask;
  const onRow = sized.filter((c) => rows.some((r) => Math.abs((c.y0 + c.y1) / 2 - r) <= 0.4 * h && c.y0 >= r - 0.85 * h && c.y1 <= r + 0.85 * h));
  // an isolated mark beyond the ends of a row is not a character
  const kept = onRow.filter((c) =>
    onRow.some((o) => o !== c && Math.abs((o.y0 + o.y1) / 2 - (c.y0 + c.y1) / 2) <= 0.4 * h && Math.max(o.x0 - c.x1, c.x0 - o.x1) <= 1.5 * h),
  );
  const out = new Uint8Array(mask.length);
  for (const c of kept) for (const i of c.pixels) out[i] = 1;
  return out;
}
