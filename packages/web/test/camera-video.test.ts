/** The .y4m writer the browser tests feed Chromium's fake camera with (test/support/camera-video.ts). */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { rgbToI420, writeCameraVideo } from './support/camera-video.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openmitid-y4m-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeCameraVideo', () => {
  it('writes the header and one I420 picture per frame, scene after scene', async () => {
    const red = { width: 4, height: 4, data: new Uint8Array(64).map((_, i) => [255, 0, 0, 255][i % 4]!) };
    const png = await sharp({ create: { width: 8, height: 4, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer();
    const video = await writeCameraVideo(join(dir, 'two.y4m'), [
      { image: red, seconds: 0.3 },
      { image: png, seconds: 0.2, fit: 'fill' },
    ], { width: 8, height: 4, fps: 10 });
    expect(video.frames).toBe(5);
    const bytes = await readFile(video.path);
    const header = 'YUV4MPEG2 W8 H4 F10:1 Ip A1:1 C420jpeg\n';
    expect(bytes.subarray(0, header.length).toString()).toBe(header);
    const frameSize = 'FRAME\n'.length + 8 * 4 * 1.5;
    expect(bytes.length).toBe(header.length + 5 * frameSize);
    const frame = (n: number) => bytes.subarray(header.length + n * frameSize + 6, header.length + (n + 1) * frameSize);
    // red letterboxed in the middle of the dark background ('contain'); BT.601 limited range: red is Y 81, V 240
    expect(frame(0)[3]).toBe(81);
    expect(frame(0)[0]).toBe(rgbToI420(new Uint8Array([60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60]), 2, 2)[0]);
    // chroma of the 2×2 block at x 2–3 (red): U after the 32 Y bytes, V after the 8 U bytes
    expect([frame(0)[32 + 1], frame(0)[40 + 1]]).toEqual([90, 240]);
    // the white scene: Y 235, U = V = 128
    expect([...frame(4)].slice(0, 32).every((y) => y === 235)).toBe(true);
    expect([...frame(4)].slice(32).every((c) => c === 128)).toBe(true);
  });

  it('refuses odd frame sizes and an empty scene list', async () => {
    await expect(writeCameraVideo(join(dir, 'odd.y4m'), [{ image: join(dir, 'x.png'), seconds: 1 }], { width: 641 })).rejects.toThrow(/even/);
    await expect(writeCameraVideo(join(dir, 'none.y4m'), [])).rejects.toThrow(/scene/);
  });
});
