/**
 * Check-digit-driven correction of an OCR'd MRZ. Each position first takes the reading its type
 * forces (a letter in a date becomes its look-alike digit, a digit in a name its look-alike
 * letter); positions read with low confidence also get their look-alikes. Every combination
 * within a small edit budget is tried, field by field, and only readings whose every check digit
 * passes survive. The read is accepted only when one reading is clearly the nearest: two
 * equally near passing readings mean the check digits cannot tell, and the frame is refused.
 */
// the browser entry: this module runs in the web app's OCR worker too (no node:crypto there)
import { checkDigit, parseMrz } from '@openmitid/mrtd/browser';
import { states } from 'mrz';
import { alignByCentres } from './align.js';
import { allowed, alternatives, coerce, TWINS } from './confusions.js';
import { templateFor, type CheckedField, type MrzFormat, type MrzTemplate, type PositionClass } from './templates.js';

/** One OCR'd line: its characters and a confidence (0–100) per character. */
export interface OcrLine {
  text: string;
  confidences: number[];
  /** horizontal centre of each character in the image, when the recogniser gives boxes */
  centres?: number[];
  /** per character: a second recogniser read the same */
  confirmed?: boolean[];
}

export type MrzReadCode = 'MRZ_NOT_FOUND' | 'MRZ_UNREADABLE' | 'MRZ_CHECK_DIGIT';

export interface MrzCorrection {
  ok: boolean;
  /** set when not ok */
  code?: MrzReadCode;
  message: string;
  format?: MrzFormat;
  /** the corrected lines, every check digit passing (only when ok) */
  lines?: string[];
  /** characters the check digits changed, beyond what the position types forced */
  substitutions: number;
  /**
   * [line, column] of characters the check digits cannot confirm and the recogniser was unsure
   * of: names and codes read with low confidence, and document number or optional data
   * characters that were unsure or changed to anything but the digit twin of a letter.
   * A reading with any of them needs confirmation by another frame.
   */
  uncertain: Array<[number, number]>;
}

export interface CorrectOptions {
  /** characters below this confidence get look-alike alternatives; default 65 */
  lowConfidence?: number;
  /** most substitutions tried in one reading; default 3 */
  maxSubstitutions?: number;
}

/** cost in half substitutions: a letter/digit twin costs 1, any other look-alike 2 */
interface Option {
  char: string;
  cost: number;
}

interface Assignment {
  chars: Map<number, string>;
  cost: number;
}

const MRZ_CHAR = /[A-Z0-9<]/;
/** bounds the search on a badly read frame; such a frame is refused rather than searched long */
const MAX_VISITS = 200_000;
const RIVAL_LOOK_ALIKES = 2;

const key = (line: number, column: number) => line * 64 + column;

/**
 * Codes of Doc 9303 Part 3 §5 beyond ISO 3166-1 that the `mrz` package's list may lack: Germany
 * 'D', the specimen State 'UTO', British nationality classes, UN, EU and refugee/stateless codes.
 */
const EXTRA_CODES = new Set(['D', 'UTO', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'UNO', 'UNA', 'UNK', 'EUE', 'XOM', 'XPO', 'XXA', 'XXB', 'XXC', 'XXX', 'XBA', 'XCC', 'XCE', 'XCO', 'XEC', 'XIM', 'XDC', 'XES', 'XMP', 'RKS']);

/** A known State code: a name part misread into the code field would otherwise go unnoticed. */
function isKnownCode(field: string): boolean {
  const code = field.replace(/<+$/, '');
  return EXTRA_CODES.has(code) || Object.hasOwn(states, code);
}

/** Normalises a raw OCR line: drops spaces and anything outside the MRZ alphabet. */
export function cleanLine(line: OcrLine): OcrLine {
  let text = '';
  const confidences: number[] = [];
  const centres: number[] = [];
  const confirmed: boolean[] = [];
  [...line.text].forEach((c, i) => {
    if (MRZ_CHAR.test(c)) {
      text += c;
      confidences.push(line.confidences[i] ?? 0);
      centres.push(line.centres?.[i] ?? NaN);
      confirmed.push(line.confirmed?.[i] ?? false);
    }
  });
  return {
    text,
    confidences,
    ...(line.centres && centres.every(Number.isFinite) ? { centres } : {}),
    ...(line.confirmed ? { confirmed } : {}),
  };
}

/**
 * Ways to bring a line to the layout's length. OCR most often miscounts a run of fillers, so the
 * run is lengthened or shortened; a stray mark at either end is cut off.
 */
export function lengthVariants(line: OcrLine, length: number): OcrLine[] {
  const diff = length - line.text.length;
  if (diff === 0) return [line];
  if (Math.abs(diff) > 5) return [];
  const out: OcrLine[] = [];
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < line.text.length; ) {
    if (line.text[i] !== '<') {
      i++;
      continue;
    }
    let j = i;
    while (j < line.text.length && line.text[j] === '<') j++;
    runs.push([i, j]);
    i = j;
  }
  // the longest run (the last of equals): a miscount is likeliest there, and trying every run
  // would move name parts, which no check digit covers
  const longest = runs.reduce<Array<[number, number]>>((best, r) => (best.length === 0 || r[1] - r[0] >= best[0]![1] - best[0]![0] ? [r] : best), []);
  for (const [start, end] of longest) {
    const runLength = end - start;
    if (runLength < 2 || runLength + diff < 1) continue;
    const conf = line.confidences.slice(start, end);
    const mean = conf.reduce((s, c) => s + c, 0) / conf.length;
    if (diff > 0) {
      out.push({
        text: line.text.slice(0, end) + '<'.repeat(diff) + line.text.slice(end),
        confidences: [...line.confidences.slice(0, end), ...Array<number>(diff).fill(mean), ...line.confidences.slice(end)],
      });
    } else {
      out.push({
        text: line.text.slice(0, end + diff) + line.text.slice(end),
        confidences: [...line.confidences.slice(0, end + diff), ...line.confidences.slice(end)],
      });
    }
  }
  if (diff < 0) {
    for (let head = 0; head <= -diff; head++) {
      const end = line.text.length - (-diff - head);
      out.push({ text: line.text.slice(head, end), confidences: line.confidences.slice(head, end) });
    }
  }
  return out.slice(0, 8);
}

function fieldPositions(field: CheckedField): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [line, start, end] of field.spans) for (let c = start; c < end; c++) out.push([line, c]);
  return out;
}

function checkPasses(cls: PositionClass, checkChar: string, data: string): boolean {
  if (cls === 'K' && checkChar === '<') return /^<*$/.test(data);
  return /^[0-9]$/.test(checkChar) && checkDigit(data) === Number(checkChar);
}

function optionsFor(template: MrzTemplate, lines: readonly OcrLine[], checked: ReadonlySet<number>, low: number, uncertain: Array<[number, number]>): Option[][][] | string {
  const result: Option[][][] = [];
  for (let l = 0; l < lines.length; l++) {
    const row: Option[][] = [];
    const classes = template.classes[l]!;
    const { text, confidences } = lines[l]!;
    for (let c = 0; c < template.lineLength; c++) {
      const cls = classes[c] as PositionClass;
      const raw = text[c]!;
      const conf = confidences[c] ?? 0;
      const forced = coerce(cls, raw);
      const unsure = conf < low || forced !== raw;
      if (!checked.has(key(l, c))) {
        if (forced === undefined) return `line ${l + 1} position ${c + 1}: ${JSON.stringify(raw)} cannot stand there`;
        if (conf < low) uncertain.push([l, c]);
        row.push([{ char: forced, cost: 0 }]);
        continue;
      }
      const options: Option[] = forced === undefined ? [] : [{ char: forced, cost: 0 }];
      // OCR-B's letter/digit twins are confused even in sharp frames where both may stand
      // ... unless a second recogniser read the same character
      const twin = forced === undefined || lines[l]!.confirmed?.[c] ? undefined : TWINS[forced];
      if (twin) for (const t of twin) if (allowed(cls, t) && !options.some((o) => o.char === t)) options.push({ char: t, cost: 1 });
      if (unsure) {
        for (const alt of [...alternatives(cls, forced ?? raw), ...alternatives(cls, raw)]) {
          if (!options.some((o) => o.char === alt)) options.push({ char: alt, cost: 2 });
        }
      }
      if (options.length === 0) return `line ${l + 1} position ${c + 1}: ${JSON.stringify(raw)} cannot stand there`;
      row.push(options);
    }
    result.push(row);
  }
  return result;
}

/** Every assignment of the given positions within the budget, in which `accept` holds. */
function enumerate(
  positions: ReadonlyArray<readonly [number, number]>,
  options: Option[][][],
  budget: number,
  accept: (chars: Map<number, string>) => boolean,
  visits: { count: number },
): Assignment[] | undefined {
  const out: Assignment[] = [];
  const chars = new Map<number, string>();
  const walk = (i: number, cost: number): boolean => {
    if (++visits.count > MAX_VISITS) return false;
    if (i === positions.length) {
      if (accept(chars)) out.push({ chars: new Map(chars), cost });
      return true;
    }
    const [l, c] = positions[i]!;
    for (const o of options[l]![c]!) {
      if (cost + o.cost > budget) continue;
      chars.set(key(l, c), o.char);
      if (!walk(i + 1, cost + o.cost)) return false;
    }
    chars.delete(key(l, c));
    return true;
  };
  return walk(0, 0) ? out : undefined;
}

function solve(template: MrzTemplate, lines: readonly OcrLine[], options: Required<CorrectOptions>): MrzCorrection {
  const fields = template.fields.filter((f) => f.name !== 'composite');
  const composite = template.fields.find((f) => f.name === 'composite')!;
  const checked = new Set<number>();
  for (const f of template.fields) {
    for (const [l, c] of fieldPositions(f)) checked.add(key(l, c));
    checked.add(key(f.check[0], f.check[1]));
  }
  const uncertain: Array<[number, number]> = [];
  const opts = optionsFor(template, lines, checked, options.lowConfidence, uncertain);
  if (typeof opts === 'string') return { ok: false, code: 'MRZ_UNREADABLE', message: opts, format: template.format, substitutions: 0, uncertain };
  const budget = options.maxSubstitutions;
  const visits = { count: 0 };
  const classOf = (l: number, c: number) => template.classes[l]![c] as PositionClass;

  // each field with its own check digit, on its own
  const perField: Assignment[][] = [];
  const covered = new Set<number>();
  for (const f of fields) {
    const data = fieldPositions(f);
    const positions = [...data, f.check];
    const found = enumerate(positions, opts, budget, (chars) => {
      const text = data.map(([l, c]) => chars.get(key(l, c))!).join('');
      return checkPasses(classOf(f.check[0], f.check[1]), chars.get(key(f.check[0], f.check[1]))!, text);
    }, visits);
    if (!found) return { ok: false, code: 'MRZ_UNREADABLE', message: 'too many unsure characters', format: template.format, substitutions: 0, uncertain };
    if (found.length === 0) return { ok: false, code: 'MRZ_CHECK_DIGIT', message: `no reading of the ${f.name} passes its check digit`, format: template.format, substitutions: 0, uncertain };
    perField.push(found.sort((a, b) => a.cost - b.cost));
    for (const [l, c] of positions) covered.add(key(l, c));
  }

  // then the composite over the fields' surviving readings and the positions only it covers
  const compositeData = fieldPositions(composite);
  const free = [...compositeData.filter(([l, c]) => !covered.has(key(l, c))), composite.check];
  const full: Assignment[] = [];
  const combine = (i: number, acc: Map<number, string>, cost: number): boolean => {
    if (cost > budget) return true;
    if (i < perField.length) {
      for (const a of perField[i]!) {
        const next = new Map(acc);
        for (const [k, v] of a.chars) next.set(k, v);
        if (!combine(i + 1, next, cost + a.cost)) return false;
      }
      return true;
    }
    const found = enumerate(free, opts, budget - cost, (chars) => {
      const at = (l: number, c: number) => acc.get(key(l, c)) ?? chars.get(key(l, c))!;
      const text = compositeData.map(([l, c]) => at(l, c)).join('');
      return checkPasses('C', at(composite.check[0], composite.check[1]), text);
    }, visits);
    if (!found) return false;
    for (const f of found) full.push({ chars: new Map([...acc, ...f.chars]), cost: cost + f.cost });
    return true;
  };
  if (!combine(0, new Map(), 0)) return { ok: false, code: 'MRZ_UNREADABLE', message: 'too many unsure characters', format: template.format, substitutions: 0, uncertain };

  // readings that also satisfy the field syntax (calendar dates, codes, names), nearest first
  const valid: Array<{ lines: string[]; cost: number; changed: number; twins: number; lookAlikes: number }> = [];
  let parsed = 0;
  for (const a of full.sort((x, y) => x.cost - y.cost)) {
    if ((valid[0] && a.cost > valid[0].cost + 2 * RIVAL_LOOK_ALIKES) || ++parsed > 500) break;
    const text = opts.map((row, l) => row.map((o, c) => a.chars.get(key(l, c)) ?? o[0]!.char).join(''));
    try {
      parseMrz(text);
      if (!template.codes.every(([l, from, to]) => isKnownCode(text[l]!.slice(from, to)))) continue;
      let twins = 0;
      let lookAlikes = 0;
      for (const [k, v] of a.chars) {
        const cost = opts[Math.floor(k / 64)]![k % 64]!.find((o) => o.char === v)!.cost;
        if (cost === 1) twins++;
        if (cost === 2) lookAlikes++;
      }
      if (!valid.some((v) => v.lines.join() === text.join())) valid.push({ lines: text, cost: a.cost, changed: twins + lookAlikes, twins, lookAlikes });
    } catch {
      // a reading with a passing check digit but an impossible date or code is not a candidate
    }
  }
  const best = valid[0];
  if (!best) return { ok: false, code: 'MRZ_CHECK_DIGIT', message: 'no reading passes the composite check digit and the field syntax', format: template.format, substitutions: 0, uncertain };
  // A rival with up to two more look-alike substitutions, or any twin changes, makes it a guess:
  // the printed reading may be that one, and the nearer reading then passes every check digit by
  // chance. Twin misreads are systematic (0 read as O twice in one number), so two of them can
  // cancel out in a check digit, and frames repeat them.
  const rivals = valid.filter((v) => v !== best && v.lookAlikes <= best.lookAlikes + RIVAL_LOOK_ALIKES);
  if (rivals.length > 0) return { ok: false, code: 'MRZ_CHECK_DIGIT', message: `${rivals.length + 1} readings pass every check digit; not a confident read`, format: template.format, substitutions: best.changed, uncertain };
  // Check digits weigh characters modulo 10 (Doc 9303 Part 3 §4.9), so they cannot tell '4' from
  // 'E', 'O' or 'Y' in a document number: where letters and digits may both stand, only a confident
  // character, or the digit twin of a confident letter, counts as read.
  for (let l = 0; l < lines.length; l++) {
    for (let c = 0; c < template.lineLength; c++) {
      if (template.classes[l]![c] !== 'X') continue;
      const raw = lines[l]!.text[c]!;
      const confident = (lines[l]!.confidences[c] ?? 0) >= options.lowConfidence;
      const final = best.lines[l]![c]!;
      if (!confident || (final !== raw && TWINS[raw] !== final)) uncertain.push([l, c]);
    }
  }
  return { ok: true, message: 'every check digit passes', format: template.format, lines: best.lines, substitutions: best.changed, uncertain };
}

/** Corrects the OCR'd lines of one frame. The lines must be in reading order, top first. */
export function correctMrz(rawLines: readonly OcrLine[], options: CorrectOptions = {}): MrzCorrection {
  const resolved: Required<CorrectOptions> = { lowConfidence: options.lowConfidence ?? 65, maxSubstitutions: (options.maxSubstitutions ?? 3) * 2 };
  const lines = rawLines.map(cleanLine);
  const template = templateFor(lines.map((l) => l.text.length));
  if (!template) {
    return { ok: false, code: 'MRZ_UNREADABLE', message: `lines of ${lines.map((l) => l.text.length).join('+')} characters are no MRZ layout`, substitutions: 0, uncertain: [] };
  }
  // by character positions when the recogniser gave them, else every combination of each line's length repairs
  const aligned = alignByCentres(lines, template.lineLength);
  let variants: OcrLine[][] = aligned ? [aligned] : [[]];
  if (!aligned) {
    for (const line of lines) {
      const fixes = lengthVariants(line, template.lineLength);
      variants = variants.flatMap((v) => fixes.map((f) => [...v, f]));
    }
  }
  if (variants.length === 0) {
    return { ok: false, code: 'MRZ_UNREADABLE', message: `a line of ${template.format} is not ${template.lineLength} characters long`, format: template.format, substitutions: 0, uncertain: [] };
  }
  const results = variants.slice(0, 12).map((v) => solve(template, v, resolved));
  const good = results.filter((r) => r.ok);
  const distinct = new Set(good.map((r) => r.lines!.join('\n')));
  if (distinct.size === 1) return good.sort((a, b) => a.substitutions - b.substitutions)[0]!;
  if (distinct.size > 1) return { ok: false, code: 'MRZ_CHECK_DIGIT', message: 'different length repairs give different passing readings', format: template.format, substitutions: 0, uncertain: [] };
  return results.find((r) => r.code === 'MRZ_CHECK_DIGIT') ?? results[0]!;
}
