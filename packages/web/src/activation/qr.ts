/**
 * QR codes on the page: drawing one on a canvas (the live copy QR, the hand-off link) and
 * reading one from a camera frame, both with @zxing/library's QR encoder and decoder.
 */
import { BinaryBitmap, HybridBinarizer, QRCodeDecoderErrorCorrectionLevel, QRCodeEncoder, QRCodeReader, RGBLuminanceSource } from '@zxing/library';

/** Modules of white border around the code (ISO/IEC 18004 asks for 4). */
const QUIET_ZONE = 4;

/** The QR's modules as rows of booleans (true = dark). */
export function qrModules(text: string): boolean[][] {
  // M: 15 % of the code may be damaged; the copy frame is short, so the code stays small
  const matrix = QRCodeEncoder.encode(text, QRCodeDecoderErrorCorrectionLevel.M).getMatrix();
  const rows: boolean[][] = [];
  for (let y = 0; y < matrix.getHeight(); y++) {
    const row: boolean[] = [];
    for (let x = 0; x < matrix.getWidth(); x++) row.push(matrix.get(x, y) === 1);
    rows.push(row);
  }
  return rows;
}

/** Draws `text` as a QR code filling the canvas (whole pixels per module, so no blur for the camera). */
export function drawQr(canvas: HTMLCanvasElement, text: string): void {
  const modules = qrModules(text);
  const count = modules.length + 2 * QUIET_ZONE;
  const scale = Math.max(1, Math.floor(Math.min(canvas.width, canvas.height) / count));
  const size = scale * count;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const offset = Math.floor((Math.min(canvas.width, canvas.height) - size) / 2);
  ctx.fillStyle = '#000000';
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) ctx.fillRect(offset + (x + QUIET_ZONE) * scale, offset + (y + QUIET_ZONE) * scale, scale, scale);
    }),
  );
}

/** The text of a QR code in an RGBA image, or undefined when none is found. */
export function decodeQr(image: { data: Uint8ClampedArray; width: number; height: number }): string | undefined {
  const { data, width, height } = image;
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; i < luminance.length; i++, p += 4) {
    // ITU-R BT.601 weights, in integers
    luminance[i] = ((data[p] ?? 0) * 299 + (data[p + 1] ?? 0) * 587 + (data[p + 2] ?? 0) * 114) / 1000;
  }
  try {
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)))).getText();
  } catch {
    // NotFound, Checksum, Format: no readable code in this frame
    return undefined;
  }
}
