/**
 * One percentage for the whole chip read. The reader reports progress per file in a fixed
 * order (COM, SOD, DG1, DG2, DG11, DG12, DG14, DG15); each file has a share of the bar by its
 * usual size (the face image in DG2 is most of the bytes), so the bar only moves forward.
 * Files a chip does not have are skipped over. The last share is the server's decision.
 */
const SHARES: readonly [file: string, share: number][] = [
  ['COM', 2],
  ['SOD', 8],
  ['DG1', 2],
  ['DG2', 66],
  ['DG11', 3],
  ['DG12', 3],
  ['DG14', 4],
  ['DG15', 2],
];
/** what is left for Active Authentication and the server's checks */
export const READ_DONE_PERCENT = 90;

export function readPercent(file: string, read: number, total: number): number {
  let before = 0;
  for (const [name, share] of SHARES) {
    if (name === file) {
      const within = total > 0 ? Math.min(read, total) / total : 1;
      return Math.floor(before + share * within);
    }
    before += share;
  }
  return READ_DONE_PERCENT;
}

/** Screen readers hear the progress in quarters, not every chunk. */
export function announcedStep(percent: number): number {
  return Math.floor(percent / 25) * 25;
}
