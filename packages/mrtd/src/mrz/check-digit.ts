/** ICAO Doc 9303 Part 3 §4.9: weights 7-3-1, digits as themselves, A-Z as 10-35, '<' as 0. */
export function checkDigit(field: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else if (c === 60) v = 0;
    else throw new RangeError(`character ${JSON.stringify(field[i])} is not allowed in an MRZ field`);
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}
