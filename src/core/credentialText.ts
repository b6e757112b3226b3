// Credentials go into HTTP headers (and Batch app keys into URL paths), where undici refuses
// control characters and anything outside Latin-1 before a byte is sent. A pasted value carrying a
// line break, a space or an invisible character (a zero-width space) is refused when it is entered.

const PROBLEMS: readonly [RegExp, string][] = [
  [/[\u0000-\u001f\u007f]/, 'a control character (a line break?)'],
  [/\s/, 'a space'],
  [/[^\u0020-\u007e]/, 'a character outside ASCII (an invisible one, such as a zero-width space?)'],
];

/** What makes `text` unfit for a header, naming the position but never the value; undefined when fit. */
export function credentialTextProblem(text: string): string | undefined {
  for (const [pattern, what] of PROBLEMS) {
    const at = text.search(pattern);
    if (at >= 0) return `contains ${what} at character ${at + 1}`;
  }
  return undefined;
}
