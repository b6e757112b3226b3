// Every text a base64 run of a text decodes to: what a reader could recover from an encoded echo.

/** Every text a base64 run of `text` decodes to, at each of the four character offsets. */
export function base64Decodings(text: string, encoding: BufferEncoding = 'latin1'): string[] {
  const out: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/=_-]{4,}/g) ?? []) {
    for (let offset = 0; offset < 4; offset++) {
      const part = run.slice(offset).replace(/=+$/, '');
      out.push(Buffer.from(part, 'base64').toString(encoding), Buffer.from(part, 'base64url').toString(encoding));
    }
  }
  return out;
}
