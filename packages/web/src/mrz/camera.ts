/**
 * The back camera for the MRZ scan. A refusal is sorted into what the screen can tell the
 * user: access denied (they can allow it in the browser) or no usable camera at all.
 */
export type CameraProblem = 'denied' | 'unavailable';

export class CameraError extends Error {
  override readonly name = 'CameraError';
  constructor(readonly problem: CameraProblem, message: string) {
    super(message);
  }
}

/** getUserMedia's refusals (Media Capture and Streams §9.2) that mean "not allowed". */
const DENIED = new Set(['NotAllowedError', 'SecurityError']);

export async function openBackCamera(media: MediaDevices | undefined = globalThis.navigator?.mediaDevices): Promise<MediaStream> {
  // no mediaDevices at all: an insecure origin (http other than localhost) or an old browser
  if (!media?.getUserMedia) throw new CameraError('unavailable', 'navigator.mediaDevices.getUserMedia is missing');
  try {
    return await media.getUserMedia({
      audio: false,
      // the back camera, at a resolution where the MRZ's characters are large enough to read
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
    });
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    throw new CameraError(DENIED.has(name) ? 'denied' : 'unavailable', `${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function stopCamera(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
