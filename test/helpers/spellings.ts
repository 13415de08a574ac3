// Odd spellings of an API path that a router may still match or a proxy may pass on: the
// sign-in check must decide on the route that matched, so none of them may get past it.

/** The path of an OpenAPI operation with each {param} filled in. */
export const concretePath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, (_m, name: string) => (/id$/i.test(name) ? '1' : 'x'));

const encodeChar = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** Spellings of `path` (which starts with /api/v1/): percent-encoded letters, doubled slashes, case, trailing slash, `;`, `..`. */
export function spellings(path: string): string[] {
  const rest = path.slice('/api/v1'.length); // "/users/1"
  const firstLetter = rest.search(/[a-z]/);
  const encodedRest = firstLetter < 0 ? rest : rest.slice(0, firstLetter) + encodeChar(rest[firstLetter]) + rest.slice(firstLetter + 1);
  const allEncoded = [...path].map((c) => (/[a-z0-9]/i.test(c) ? encodeChar(c) : c)).join('');
  return [
    path,
    `/%61pi/v1${rest}`,
    `/ap%69/v1${rest}`,
    `/api/%76%31${rest}`,
    `/api/v1${encodedRest}`,
    `/%2561pi/v1${rest}`,
    allEncoded,
    `//api/v1${rest}`,
    `/api//v1${rest}`,
    `/api/v1/${rest}`,
    path.toUpperCase(),
    `/Api/V1${rest}`,
    `${path}/`,
    `${path};a=b`,
    `/api/v1;a=b${rest}`,
    `/api/v1/x/..${rest}`,
    `/x/../api/v1${rest}`,
    `/api/v1/.${rest}`,
    `/api/v1/%2e%2e/v1${rest}`,
    `${path}?%61=1`,
  ];
}
