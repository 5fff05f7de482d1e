// DN and filter grammar: escaping user input into search filters (RFC 4515) and DNs
// (RFC 4514), and one canonical spelling of a DN for comparing and storing group DNs.

/** RFC 4515: a value inside a search filter, so user input can never add filter syntax or wildcards. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** RFC 4514: a value inside a DN (for LDAP_USER_DN_TEMPLATE). */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[,+"\\<>;=]/g, (c) => `\\${c}`)
    .replace(/\0/g, '\\00')
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/**
 * A DN in one canonical spelling, for comparing and storing group DNs: attribute types and
 * values lower-cased, no spaces around separators, escapes decoded and re-encoded one way
 * (`\2C` and `\,` are the same comma), multi-valued RDNs sorted. Directories hand out the same
 * DN with different case and spacing (and admins type it yet another way).
 */
export function normalizeDn(dn: string): string {
  const rdns = parseDn(dn.trim());
  if (!rdns)
    return dn
      .trim()
      .toLowerCase()
      .replace(/\s*([,=+])\s*/g, '$1');
  return rdns
    .map((avas) =>
      avas
        .map(([type, value]) => `${type.toLowerCase()}=${escapeDnValue(value.toLowerCase())}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

/** Splits a DN into RDNs of [type, unescaped value]; null when it is not a DN. */
function parseDn(dn: string): Array<Array<[string, string]>> | null {
  if (!dn) return [];
  const rdns: Array<Array<[string, string]>> = [];
  let avas: Array<[string, string]> = [];
  let i = 0;
  while (i <= dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) return null;
    const type = dn.slice(i, eq).trim();
    if (!/^[A-Za-z][\w-]*$|^\d+(\.\d+)*$/.test(type)) return null;
    // The value: up to an unescaped , ; + (bytes, so that \C3\A9 decodes as UTF-8).
    const bytes: number[] = [];
    let lastSignificant = 0; // bytes.length after the last escaped or non-space character
    let j = eq + 1;
    while (j < dn.length && dn[j] === ' ') j++;
    for (; j < dn.length; j++) {
      const c = dn[j]!;
      if (c === ',' || c === ';' || c === '+') break;
      if (c === '\\') {
        const hex = dn.slice(j + 1, j + 3);
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          j += 2;
        } else if (j + 1 < dn.length) {
          bytes.push(...Buffer.from(dn[j + 1]!, 'utf8'));
          j += 1;
        } else return null;
        lastSignificant = bytes.length;
      } else {
        bytes.push(...Buffer.from(c, 'utf8'));
        if (c !== ' ') lastSignificant = bytes.length;
      }
    }
    avas.push([type, Buffer.from(bytes.slice(0, lastSignificant)).toString('utf8')]);
    if (j >= dn.length || dn[j] !== '+') {
      rdns.push(avas);
      avas = [];
    }
    if (j >= dn.length) break;
    i = j + 1;
  }
  return rdns;
}
