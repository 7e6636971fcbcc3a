/**
 * The login page's QR code, drawn on a canvas from the text the server gives each second
 * (activation/qr.ts: @zxing/library's encoder; no network, no image files). The canvas is an
 * image with a text alternative: what it is and what to do with it.
 */
import { useLayoutEffect, useRef } from 'react';
import { drawQr } from '../activation/qr.js';

/** pixels per side: whole pixels per module for the short login QR, big enough for a phone camera across a desk */
const SIZE = 296;

export function LiveQr({ text, label }: { text: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // drawn before the browser paints: no frame ever shows an empty or outdated code
  useLayoutEffect(() => {
    if (canvas.current && text) drawQr(canvas.current, text);
  }, [text]);
  return <canvas ref={canvas} width={SIZE} height={SIZE} className="live-qr" role="img" aria-label={label} />;
}
