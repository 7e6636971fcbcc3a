/**
 * One area's texts in both languages. Each area of the app (MRZ scan, chip, face, activation,
 * login, the app's own pages) keeps its texts in its own file here; da.ts and en.ts merge
 * them. The English half is typed against the Danish half: a missing or extra key is a
 * type error.
 */
export interface Section<D extends Record<string, string>> {
  da: D;
  en: Record<keyof D, string>;
}

export function section<const D extends Record<string, string>>(da: D, en: Record<keyof D, string>): Section<D> {
  return { da, en };
}
