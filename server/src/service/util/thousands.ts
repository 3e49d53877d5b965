/**
 * A non-negative integer with a comma between thousands, as `toLocaleString('en-US')` writes it
 * ("10,000"). Written out because the first `toLocaleString` with a locale loads ICU's number
 * formatting, about 10 ms, and a rule description does it while the language server starts.
 */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
