// The token signing key and its certificate. First start generates an RSA key and a
// self-signed certificate in <data>/token (or reads TOKEN_KEY_FILE / TOKEN_CERT_FILE);
// the certificate is what the registry's auth.token.rootcertbundle must hold.
import 'reflect-metadata';
import { createPrivateKey, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { libtrustKeyId } from '@/lib/tokens/kid';

export type SigningKey = {
  privateKey: KeyObject;
  certificatePem: string;
  /** Standard base64 DER of the certificate, for the JWT `x5c` header. */
  certificateDerBase64: string;
  kid: string;
  notAfter: Date;
};

export type SigningKeyOptions = { dataDir: string; keyFile?: string; certFile?: string; exportPath?: string };

export class SigningKeyError extends Error {}

function writeAtomic(file: string, content: string, mode: number) {
  mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(/*turbopackIgnore: true*/ tmp, content, { mode });
  chmodSync(/*turbopackIgnore: true*/ tmp, mode);
  renameSync(/*turbopackIgnore: true*/ tmp, file);
}

async function generate(keyFile: string, certFile: string): Promise<void> {
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = new Date();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      name: 'CN=Wharf token signer',
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 10 * 365 * 86400_000),
      signingAlgorithm: alg,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    },
    webcrypto as unknown as Crypto,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END PRIVATE KEY-----\n`;
  writeAtomic(keyFile, keyPem, 0o600);
  writeAtomic(certFile, cert.toString('pem') + '\n', 0o644);
}

/** Loads the signing key, generating it on first start; writes the certificate to exportPath when given. */
export async function loadOrCreateSigningKey({
  dataDir,
  keyFile,
  certFile,
  exportPath,
}: SigningKeyOptions): Promise<SigningKey> {
  const given = Boolean(keyFile || certFile);
  if (given && !(keyFile && certFile))
    throw new SigningKeyError('set both TOKEN_KEY_FILE and TOKEN_CERT_FILE, or neither');
  const kf = keyFile ?? path.join(dataDir, 'token', 'signing-key.pem');
  const cf = certFile ?? path.join(dataDir, 'token', 'signing-cert.pem');
  if (!given && !existsSync(/*turbopackIgnore: true*/ kf)) await generate(kf, cf);

  let privateKey: KeyObject;
  let cert: X509Certificate;
  try {
    privateKey = createPrivateKey(readFileSync(/*turbopackIgnore: true*/ kf));
  } catch (err) {
    throw new SigningKeyError(`cannot read the token signing key ${kf}: ${(err as Error).message}`);
  }
  try {
    cert = new X509Certificate(readFileSync(/*turbopackIgnore: true*/ cf));
  } catch (err) {
    throw new SigningKeyError(`cannot read the token certificate ${cf}: ${(err as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw new SigningKeyError('the token signing key must be an RSA key (registry 2.8 accepts RS256)');
  if (!cert.checkPrivateKey(privateKey))
    throw new SigningKeyError(`the certificate ${cf} does not belong to the signing key ${kf}`);

  const certificatePem = cert.toString();
  if (exportPath) {
    const current = existsSync(/*turbopackIgnore: true*/ exportPath)
      ? readFileSync(/*turbopackIgnore: true*/ exportPath, 'utf8')
      : '';
    if (current.trim() !== certificatePem.trim()) writeAtomic(exportPath, certificatePem, 0o644);
  }
  return {
    privateKey,
    certificatePem,
    certificateDerBase64: cert.raw.toString('base64'),
    kid: libtrustKeyId(privateKey),
    notAfter: new Date(cert.validTo),
  };
}
