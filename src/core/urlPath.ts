// Values that go into a URL path (IDs, project IDs, app keys, request ids): the URL the HTTP
// client will really send, or a refusal when URL normalisation would send another path.

/** Why an ID is skipped when it would have to go into a URL path that URL normalisation changes. */
export const PATH_CHANGED_REASON =
  'cannot be sent in a URL path: URL normalisation would change the path (dot segments such as "." or "..", or an empty value), so a different request would go out';

/** ".", "..", or the same written with %2e / %2E, which any layer that decodes once turns into a dot segment. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * The URL for `base` + `pathBeforeId` + the encoded ID (+ `pathAfterId`), or undefined when it must
 * not be sent: the URL parser would send another path (dot segments are resolved), or the ID is a
 * dot segment once percent-decoded. The HTTP client sends `new URL(url).pathname`, so that is what
 * is compared with the path meant. Every vendor that puts an ID into a path builds it here.
 */
export function idPathUrl(base: string, pathBeforeId: string, id: string, pathAfterId = ''): string | undefined {
  // An empty ID names the collection instead ("DELETE /v4/devices/"): another request altogether.
  if (id === '' || DOT_SEGMENT.test(id)) return undefined;
  const meant = `${pathBeforeId}${encodeURIComponent(id)}${pathAfterId}`;
  const url = `${base}${meant}`;
  let sent: string;
  try {
    sent = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const basePath = new URL(base).pathname.replace(/\/$/, '');
  return sent === `${basePath}${meant}` ? url : undefined;
}

/** `PATH_CHANGED_REASON` when `idPathUrl` would refuse this ID on any origin, else undefined. */
export function idPathProblem(pathBeforeId: string, id: string, pathAfterId = ''): string | undefined {
  return idPathUrl('https://vendor.invalid', pathBeforeId, id, pathAfterId) === undefined ? PATH_CHANGED_REASON : undefined;
}

/** `PATH_CHANGED_REASON` when a value cannot stand as one path segment (an account field checked as it is entered). */
export function pathSegmentProblem(value: string): string | undefined {
  return idPathProblem('/', value, '/');
}
