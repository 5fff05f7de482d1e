// The token signing key and its certificate. On first start Wharf generates a key (RSA 2048 for
// RS256, or ECDSA P-256 for ES256 with TOKEN_KEY_TYPE=ec) and a self-signed certificate in
// <data>/token (or reads TOKEN_KEY_FILE / TOKEN_CERT_FILE); the certificate is what the
// registry's auth.token.rootcertbundle must hold (distribution docs/spec/auth/jwt.md): registry 2.8 finds the key
// by the libtrust `kid` of that certificate, registry 3 verifies the `x5c` chain against it.
//
// An existing key keeps its type: TOKEN_KEY_TYPE only chooses what is generated. When it is set
// and an existing key (given or generated earlier) is of the other type, loading fails with one
// line rather than replacing a key the registry trusts.
import 'reflect-metadata'; // @peculiar/x509 relies on decorator metadata (tsyringe)
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  webcrypto,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import type { Env } from '@/lib/env';
import { TOKEN_ALGORITHMS, type TokenAlgorithm, type TokenKeyType } from '@/lib/tokens/key-type';
import { libtrustKeyId } from '@/lib/tokens/kid';

export type SigningKey = {
  privateKey: KeyObject;
  type: TokenKeyType;
  /** RS256 for RSA keys, ES256 for P-256 keys. */
  alg: TokenAlgorithm;
  certificatePem: string;
  /** Standard (not url-safe) base64 DER of the certificate, for the JWT `x5c` header. */
  certificateDerBase64: string;
  /** libtrust key ID (registry 2.8 looks the key up by it). */
  kid: string;
  /** Registry 3 and the x5c path reject tokens once the certificate has expired. */
  notAfter: Date;
};

export type SigningKeyOptions = {
  /** Wharf's data directory; the generated pair lives in `<dataDir>/token/`. */
  dataDir: string;
  /** An operator-provided PEM private key (TOKEN_KEY_FILE); requires certFile too. */
  keyFile?: string;
  /** The PEM certificate of keyFile's public key (TOKEN_CERT_FILE). */
  certFile?: string;
  /** Where to write the certificate for the registry's rootcertbundle (TOKEN_CERT_EXPORT_PATH). */
  exportPath?: string;
  /**
   * TOKEN_KEY_TYPE: the type generated on first start (unset: `rsa`). When set, an existing key
   * of the other type is refused; when unset, an existing key is used whatever its type.
   */
  keyType?: TokenKeyType;
};

/** A signing key or certificate that cannot be used; the message says what to fix. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

// RS256 over 2048 bits: accepted by every registry and client, and signing stays cheap on the
// token endpoint's hot path. Operators wanting 3072+ bits can provide TOKEN_KEY_FILE.
const GENERATED_MODULUS_BITS = 2048;
const MIN_MODULUS_BITS = 2048;
/** Node's name of P-256, the only curve accepted: libtrust fixes ES256 to it. */
const P256 = 'prime256v1';
/** WebCrypto parameters per key type: how the key is imported, and how the certificate is signed. */
const WEBCRYPTO = {
  rsa: {
    importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  },
  ec: {
    importParams: { name: 'ECDSA', namedCurve: 'P-256' },
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  },
} as const;
const KEY_LABEL: Record<TokenKeyType, string> = { rsa: 'an RSA key', ec: 'an EC P-256 key' };
const CERT_SUBJECT = 'CN=wharf token signer';
const CERT_YEARS = 10;
const KEY_NAME = 'signing-key.pem';
const CERT_NAME = 'signing-cert.pem';
/** Another process holding the generation lock longer than this has died mid-way. */
const STALE_LOCK_MS = 60_000;
const LOCK_WAIT_MS = 30_000;

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
function writeAtomic(file: string, content: string, mode: number) {
  mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(/*turbopackIgnore: true*/ tmp, content, { mode });
  chmodSync(/*turbopackIgnore: true*/ tmp, mode); // the umask may have narrowed or widened it
  renameSync(/*turbopackIgnore: true*/ tmp, file);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A self-signed certificate for an existing key pair (used on first start and to recover a lost one). */
async function selfSignedCertificate(privateKey: KeyObject, type: TokenKeyType): Promise<string> {
  const subtle = webcrypto.subtle;
  const { importParams, signingAlgorithm } = WEBCRYPTO[type];
  const keys = {
    privateKey: await subtle.importKey(
      'pkcs8',
      privateKey.export({ type: 'pkcs8', format: 'der' }),
      importParams,
      false,
      ['sign'],
    ),
    publicKey: await subtle.importKey(
      'spki',
      createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
      importParams,
      true, // x509 embeds it in the certificate
      ['verify'],
    ),
  };
  const now = Date.now();
  // A positive serial: a set high bit would make the DER INTEGER negative.
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0]! &= 0x7f;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial.toString('hex'),
      name: CERT_SUBJECT,
      // Back-dated a minute so a registry whose clock lags slightly still accepts the x5c chain.
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + CERT_YEARS * 365 * 86_400_000),
      signingAlgorithm,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    },
    webcrypto as unknown as Crypto,
  );
  return `${cert.toString('pem')}\n`;
}

/**
 * Creates the missing parts of the generated pair under an exclusive lock file: several
 * processes (replicas on a shared volume, parallel tests) may start at once, and without the
 * lock one's key could end up next to another's certificate.
 */
async function ensureGenerated(keyFile: string, certFile: string, type: TokenKeyType): Promise<void> {
  const done = () =>
    existsSync(/*turbopackIgnore: true*/ keyFile) && existsSync(/*turbopackIgnore: true*/ certFile);
  if (done()) return;
  const dir = path.dirname(keyFile);
  mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true, mode: 0o700 });
  const lock = path.join(dir, '.generate.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(/*turbopackIgnore: true*/ lock, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (done()) return; // the other process finished (both files appear by atomic rename)
      let age = 0;
      try {
        age = Date.now() - statSync(/*turbopackIgnore: true*/ lock).mtimeMs;
      } catch {
        continue; // released between our open and stat
      }
      if (age > STALE_LOCK_MS) rmSync(/*turbopackIgnore: true*/ lock, { force: true });
      else if (Date.now() > deadline)
        throw new SigningKeyError(
          `timed out waiting for another process to create the token signing key in ${dir}`,
        );
      else await sleep(50);
      continue;
    }
    try {
      if (!existsSync(/*turbopackIgnore: true*/ keyFile)) {
        const { privateKey } =
          type === 'ec'
            ? await promisify(generateKeyPair)('ec', { namedCurve: P256 })
            : await promisify(generateKeyPair)('rsa', { modulusLength: GENERATED_MODULUS_BITS });
        // Certificate first: a key file never exists without its certificate being written next.
        writeAtomic(certFile, await selfSignedCertificate(privateKey, type), 0o644);
        writeAtomic(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
      } else if (!existsSync(/*turbopackIgnore: true*/ certFile)) {
        // The certificate was deleted: issue a new one for the same key, so the kid is unchanged.
        const { key, type: existing } = readPrivateKey(keyFile);
        writeAtomic(certFile, await selfSignedCertificate(key, existing), 0o644);
      }
    } finally {
      closeSync(fd);
      rmSync(/*turbopackIgnore: true*/ lock, { force: true });
    }
    return;
  }
}

/** Reads a PEM private key and says which type it is: RSA of 2048+ bits or EC on P-256. */
function readPrivateKey(file: string): { key: KeyObject; type: TokenKeyType } {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(/*turbopackIgnore: true*/ file));
  } catch (err) {
    throw new SigningKeyError(`cannot read the token signing key ${file}: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== P256)
      throw new SigningKeyError(
        `the token signing key ${file} is an EC key on ${curve ?? 'an unknown curve'}; Wharf signs ES256, which needs P-256 (prime256v1)`,
      );
    return { key, type: 'ec' };
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new SigningKeyError(
      `the token signing key ${file} is a ${key.asymmetricKeyType ?? 'unknown'} key; use an RSA (RS256) or EC P-256 (ES256) key`,
    );
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_MODULUS_BITS)
    throw new SigningKeyError(
      `the token signing key ${file} has ${bits} bits; use at least ${MIN_MODULUS_BITS}`,
    );
  return { key, type: 'rsa' };
}

/** One line saying why TOKEN_KEY_TYPE and the existing key disagree, and both ways out. */
function keyTypeMismatch(wanted: TokenKeyType, actual: TokenKeyType, file: string, given: boolean): string {
  const head = `TOKEN_KEY_TYPE=${wanted} but the ${given ? 'TOKEN_KEY_FILE' : 'generated'} token signing key ${file} is ${KEY_LABEL[actual]}`;
  return given
    ? `${head}: unset TOKEN_KEY_TYPE (a given key decides its own type) or give ${KEY_LABEL[wanted]}`
    : `${head}, which Wharf never replaces on its own (the registry trusts its certificate): unset TOKEN_KEY_TYPE to keep it, or move ${path.dirname(file)} away to generate ${KEY_LABEL[wanted]} and give the registry the new certificate`;
}

function readCertificate(file: string): X509Certificate {
  try {
    return new X509Certificate(readFileSync(/*turbopackIgnore: true*/ file));
  } catch (err) {
    throw new SigningKeyError(`cannot read the token certificate ${file}: ${(err as Error).message}`);
  }
}

/**
 * Loads the signing key, generating it (and its certificate) on first start; reuses it on
 * every later start. Writes the certificate to exportPath when given and different there.
 * @throws SigningKeyError when the files are unreadable, neither RSA 2048+ nor EC P-256, do not
 *   match, or are of another type than an explicitly set keyType.
 */
/** The key's options as the settings give them (the app's signing key, and the launcher's embedded registry). */
export function signingKeyOptions(env: Env): SigningKeyOptions {
  return {
    dataDir: env.WHARF_DATA_DIR,
    keyFile: env.TOKEN_KEY_FILE,
    certFile: env.TOKEN_CERT_FILE,
    exportPath: env.TOKEN_CERT_EXPORT_PATH,
    keyType: env.TOKEN_KEY_TYPE,
  };
}

/** The certificate the registry must trust: TOKEN_CERT_FILE, else the generated <data>/token/signing-cert.pem. */
export function signingCertPath({
  dataDir,
  certFile,
}: Pick<SigningKeyOptions, 'dataDir' | 'certFile'>): string {
  return certFile ?? path.join(dataDir, 'token', CERT_NAME);
}

export async function loadOrCreateSigningKey({
  dataDir,
  keyFile,
  certFile,
  exportPath,
  keyType,
}: SigningKeyOptions): Promise<SigningKey> {
  const given = Boolean(keyFile || certFile);
  if (given && !(keyFile && certFile))
    throw new SigningKeyError('set both TOKEN_KEY_FILE and TOKEN_CERT_FILE, or neither');
  const kf = keyFile ?? path.join(dataDir, 'token', KEY_NAME);
  const cf = signingCertPath({ dataDir, certFile });
  // Operator-provided files are never created or repaired: a typo must not mint a new key.
  if (!given) await ensureGenerated(kf, cf, keyType ?? 'rsa');

  const { key: privateKey, type } = readPrivateKey(kf);
  if (keyType && keyType !== type) throw new SigningKeyError(keyTypeMismatch(keyType, type, kf, given));
  const cert = readCertificate(cf);
  if (!cert.checkPrivateKey(privateKey))
    throw new SigningKeyError(
      `the token certificate ${cf} does not belong to the signing key ${kf} (its public key differs)`,
    );

  const certificatePem = cert.toString();
  if (exportPath) {
    const current = existsSync(/*turbopackIgnore: true*/ exportPath)
      ? readFileSync(/*turbopackIgnore: true*/ exportPath, 'utf8')
      : '';
    // Unchanged files are left alone so their mtime does not suggest a rotation.
    if (current.trim() !== certificatePem.trim()) writeAtomic(exportPath, certificatePem, 0o644);
  }
  return {
    privateKey,
    type,
    alg: TOKEN_ALGORITHMS[type],
    certificatePem,
    certificateDerBase64: cert.raw.toString('base64'),
    kid: libtrustKeyId(privateKey),
    notAfter: new Date(cert.validTo),
  };
}
