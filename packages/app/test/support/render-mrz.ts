/**
 * Test images of a passport data page: a pale guilloche background, some visual-zone text and a
 * TD3 MRZ set in OCR-B (Debian fonts-ocr-b), rendered with sharp/librsvg, then damaged like a
 * camera frame (blur, skew, glare, noise, low resolution). Deterministic for a given seed.
 */
import sharp from 'sharp';
import { formatTd3, type Td3Fields } from '@openmitid/mrtd';
import type { GrayImage } from '../../src/mrz-ocr/gray-image.js';

/** mulberry32: a small seeded generator, so that every image is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['ERIKSSON', 'NIELSEN', 'JENSEN', 'HANSEN', 'PEDERSEN', 'ANDERSEN', 'CHRISTENSEN', 'LARSEN', 'SORENSEN', 'RASMUSSEN', 'JORGENSEN', 'MADSEN', 'KRISTENSEN', 'OLSEN', 'THOMSEN', 'POULSEN', 'JOHANSEN', 'KNUDSEN', 'MOLLER', 'MORTENSEN', 'OKONKWO', 'GARCIA LOPEZ', 'VAN DER BERG', 'OBRIEN', 'SZCZEPANSKI'];
const GIVEN = ['ANNA', 'MARIA', 'PETER', 'JENS', 'METTE', 'SOREN', 'KAREN', 'LARS', 'HANNE', 'NIELS', 'IDA', 'FREJA', 'OSCAR', 'EMMA', 'WILLIAM', 'SOFIE', 'NOAH', 'ZOE', 'BO', 'QUENTIN', 'XAVIER', 'YASMIN'];
const STATES = ['UTO', 'DNK', 'D', 'SWE', 'NOR', 'GBR', 'NLD', 'POL', 'FRA', 'ESP'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function pick<T>(rng: () => number, items: readonly T[] | string): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function digits(rng: () => number, n: number): string {
  return Array.from({ length: n }, () => String(Math.floor(rng() * 10))).join('');
}

function yymmdd(rng: () => number, fromYear: number, years: number): string {
  const year = (fromYear + Math.floor(rng() * years)) % 100;
  const month = 1 + Math.floor(rng() * 12);
  const day = 1 + Math.floor(rng() * 28);
  return [year, month, day].map((v) => String(v).padStart(2, '0')).join('');
}

/** A random but valid TD3 identity and its MRZ lines (all check digits from formatTd3). */
export function randomTd3(rng: () => number): { fields: Td3Fields; lines: [string, string] } {
  const numberLength = 8 + Math.floor(rng() * 2);
  let documentNumber = '';
  for (let i = 0; i < numberLength; i++) documentNumber += i < 2 && rng() < 0.5 ? pick(rng, ALNUM.slice(0, 26)) : pick(rng, rng() < 0.8 ? '0123456789' : ALNUM);
  const given = rng() < 0.4 ? `${pick(rng, GIVEN)} ${pick(rng, GIVEN)}` : pick(rng, GIVEN);
  const fields: Td3Fields = {
    documentCode: 'P',
    issuingState: pick(rng, STATES),
    surname: pick(rng, SURNAMES),
    givenNames: given,
    documentNumber,
    nationality: pick(rng, STATES),
    dateOfBirth: yymmdd(rng, 1940, 65),
    sex: pick(rng, ['M', 'F', 'X'] as const),
    dateOfExpiry: yymmdd(rng, 2026, 10),
    optionalData: rng() < 0.5 ? digits(rng, 10) : '',
  };
  return { fields, lines: formatTd3(fields) };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface PageOptions {
  /** page width in pixels (the page is ID-3 shaped, 125 × 88 mm); default 1250 */
  width?: number;
  seed?: number;
}

/** An SVG data page with the MRZ at the bottom, as Doc 9303 Part 4 lays it out. */
export function pageSvg(lines: readonly string[], fields: Td3Fields | undefined, options: PageOptions = {}): string {
  const width = options.width ?? 1250;
  const height = Math.round((width * 88) / 125);
  const rng = seededRandom(options.seed ?? 1);
  const u = width / 125; // pixels per millimetre
  const waves: string[] = [];
  for (let i = 0; i < 14; i++) {
    const y = height * (i / 14);
    const amp = (4 + rng() * 8) * u;
    const period = (20 + rng() * 30) * u;
    let d = `M0 ${y.toFixed(1)}`;
    for (let x = 0; x <= width; x += period / 8) d += ` L${x.toFixed(1)} ${(y + amp * Math.sin((x / period) * 2 * Math.PI + i)).toFixed(1)}`;
    waves.push(`<path d="${d}" stroke="#b9c9d6" stroke-width="${(0.25 * u).toFixed(2)}" fill="none"/>`);
  }
  const pitch = 2.54 * u; // Doc 9303 Part 3: 10 characters per 25.4 mm
  const fontSize = pitch / 0.717; // OCR-B advance is about 0.717 em (measured with fonts-ocr-b)
  const mrzLeft = 6 * u;
  const mrzBottom = height - 5 * u;
  const lineGap = 4.2 * u;
  const mrz = lines
    .map((line, i) => {
      const y = mrzBottom - (lines.length - 1 - i) * lineGap;
      return `<text x="${mrzLeft.toFixed(1)}" y="${y.toFixed(1)}" font-family="OCR B" font-size="${fontSize.toFixed(2)}" fill="#1a1a1a" xml:space="preserve">${escapeXml(line)}</text>`;
    })
    .join('\n');
  const label = (x: number, y: number, text: string, size = 2.2) =>
    `<text x="${(x * u).toFixed(1)}" y="${(y * u).toFixed(1)}" font-family="DejaVu Sans" font-size="${(size * u).toFixed(1)}" fill="#334">${escapeXml(text)}</text>`;
  const viz = fields
    ? [
        label(6, 9, 'PASSPORT / PASS / PASSEPORT', 3.2),
        label(40, 18, 'Surname / Efternavn'),
        label(40, 22.5, fields.surname, 3),
        label(40, 29, 'Given names / Fornavne'),
        label(40, 33.5, fields.givenNames, 3),
        label(40, 40, 'Nationality'),
        label(40, 44.5, fields.nationality, 3),
        label(80, 40, 'Date of birth'),
        label(80, 44.5, fields.dateOfBirth, 3),
        label(40, 51, 'Passport No.'),
        label(40, 55.5, fields.documentNumber, 3),
        label(80, 51, 'Date of expiry'),
        label(80, 55.5, fields.dateOfExpiry, 3),
      ].join('\n')
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<rect width="100%" height="100%" fill="#eef3f1"/>
${waves.join('\n')}
<rect x="${(6 * u).toFixed(1)}" y="${(14 * u).toFixed(1)}" width="${(30 * u).toFixed(1)}" height="${(40 * u).toFixed(1)}" fill="#c8ccd0" stroke="#889"/>
${viz}
${mrz}
</svg>`;
}

export async function renderPage(lines: readonly string[], fields?: Td3Fields, options: PageOptions = {}): Promise<Buffer> {
  return sharp(Buffer.from(pageSvg(lines, fields, options))).png().toBuffer();
}

export interface Damage {
  /** Gaussian blur sigma in pixels of the rendered page */
  blur?: number;
  /** rotation in degrees, counter-clockwise positive */
  skew?: number;
  /** a bright blob over the MRZ, 0..1 of full white at its centre */
  glare?: number;
  /** standard deviation of additive Gaussian noise in grey levels */
  noise?: number;
  /** final width in pixels (downscaling, as a far or low-resolution camera) */
  width?: number;
  seed?: number;
}

/** Applies camera-like damage to a rendered page and returns it as a greyscale image. */
export async function damage(png: Buffer, d: Damage): Promise<GrayImage> {
  const rng = seededRandom(d.seed ?? 7);
  let img = sharp(png);
  const meta = await img.metadata();
  const w0 = meta.width ?? 1;
  const h0 = meta.height ?? 1;
  if (d.glare) {
    const cx = w0 * (0.25 + 0.5 * rng());
    const cy = h0 * (0.8 + 0.12 * rng());
    const r = w0 * (0.12 + 0.08 * rng());
    const blob = `<svg xmlns="http://www.w3.org/2000/svg" width="${w0}" height="${h0}"><defs><radialGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="${d.glare}"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${cx}" cy="${cy}" rx="${r * 1.6}" ry="${r}" fill="url(#g)"/></svg>`;
    img = sharp(await img.composite([{ input: Buffer.from(blob) }]).png().toBuffer());
  }
  if (d.blur) img = sharp(await img.blur(d.blur).png().toBuffer());
  if (d.skew) img = sharp(await img.rotate(-d.skew, { background: '#5a5a5a' }).png().toBuffer());
  if (d.width) img = sharp(await img.resize({ width: Math.round(d.width) }).png().toBuffer());
  const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
  const channels = info.channels;
  const out = new Uint8Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels]!;
  if (d.noise) {
    for (let i = 0; i < out.length; i++) {
      // Box–Muller
      const n = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      out[i] = Math.max(0, Math.min(255, Math.round(out[i]! + n * d.noise)));
    }
  }
  return { width: info.width, height: info.height, data: out };
}

/** Encodes a greyscale image as PNG (for the CLI tests and for looking at failures). */
export async function toPng(image: GrayImage): Promise<Buffer> {
  return sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).png().toBuffer();
}
