/** Which data groups EF.COM says are present: its tag list, DO5C (Doc 9303 Part 10 §4.6.1). */
import { MrtdError } from '../errors.js';
import { ldsFile, ldsFileByTag, type LdsFileName } from '../lds/files.js';
import { requireTlv, readSingle } from '../tlv.js';

/** Only the tag list is read: a reader must not refuse a chip over a version field it does not need. */
export function dataGroupsListedIn(com: Uint8Array): Set<LdsFileName> {
  try {
    const tags = requireTlv(readSingle(com, ldsFile('COM').tag, 'EF.COM').value, 0x5c, 'EF.COM').value;
    const out = new Set<LdsFileName>();
    for (const tag of tags) {
      const info = ldsFileByTag(tag);
      if (info?.dg !== undefined) out.add(info.name);
    }
    return out;
  } catch (e) {
    throw new MrtdError('LDS_MALFORMED', `EF.COM: no readable tag list (${e instanceof Error ? e.message : String(e)})`, { step: 'READ:COM', cause: e });
  }
}
