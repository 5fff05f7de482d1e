// The one reader of `Authorization: Basic` headers (REST API and token endpoint).

export type BasicCredentials = { username: string; password: string };

/**
 * The username and password of a Basic header: null when there is no header or another
 * scheme, 'malformed' when it says Basic but holds no `name:secret`.
 */
export function parseBasicAuth(header: string | null): BasicCredentials | null | 'malformed' {
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 1 ? 'malformed' : { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}
