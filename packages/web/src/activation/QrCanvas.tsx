/** A QR code drawn on a canvas, exposed to assistive technology as an image with a text alternative. */
import { useLayoutEffect, useRef } from 'react';
import { drawQr } from './qr.js';

export function QrCanvas({ text, label, describedBy, size = 320 }: { text: string; label: string; describedBy?: string; size?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // drawn before the browser paints: no frame ever shows an empty or outdated code
  useLayoutEffect(() => {
    if (canvas.current) drawQr(canvas.current, text);
  }, [text]);
  return <canvas ref={canvas} className="qr" width={size} height={size} role="img" aria-label={label} aria-describedby={describedBy} data-qr={text} />;
}
